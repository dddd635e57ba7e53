/**
 * Seeds the demo model `credit` into a store: its segments (`region`, so drift per region is
 * kept from the first row), a reference set, seven days of history and the labels that have
 * arrived by `now`. Each is written as if when it arrived (the reference before the history, each
 * hour's predictions at the hour's end, labels by a labelling job every six hours), so an as-of
 * run or a replay over the demo's days sees what was known then. Does nothing when `credit`
 * already has predictions, so it is safe to call on every start.
 */
import type { PredictionStore } from "../store/store.ts";
import { CREDIT_MODEL, historyRows, referenceRows } from "./credit.ts";

const HOUR_MS = 3_600_000;
/** How often the demo's labels arrive: each write costs about as much whatever its size, so not every hour. */
const LABEL_JOB_MS = 6 * HOUR_MS;

export const DEMO_REFERENCE_ROWS = 5_000;
export const DEMO_HISTORY_DAYS = 7;
export const DEMO_ROWS_PER_DAY = 1_500;
/** The demo's segment column: its income drifts in two regions only (credit.ts). */
export const DEMO_SEGMENTS = ["region"];

export interface SeedOptions {
  /** Epoch ms at which the history ends and up to which labels have arrived; default now. */
  now?: number;
  seed?: number;
}

export interface SeedResult {
  model: string;
  referenceRows: number;
  predictionRows: number;
  /** Predictions whose label had arrived by `now` and was attached. */
  labelledRows: number;
  /** Epoch ms of the first and last prediction. */
  from: number;
  to: number;
}

/** Writes the demo data and answers what it wrote, or undefined when `credit` already had rows. */
export function seedDemo(
  store: PredictionStore,
  { now = Date.now(), seed = 1 }: SeedOptions = {},
): SeedResult | undefined {
  if ((store.model(CREDIT_MODEL)?.rows ?? 0) > 0) return undefined;
  // Before any row, so the reference and every day get their profiles per region.
  store.updateSettings(CREDIT_MODEL, { segments: DEMO_SEGMENTS });
  const history = historyRows({ days: DEMO_HISTORY_DAYS, perDay: DEMO_ROWS_PER_DAY, end: now, seed });
  const reference = store.asIfAt(history.rows[0].ts! - HOUR_MS, () =>
    store.replaceReference(CREDIT_MODEL, referenceRows(DEMO_REFERENCE_ROWS, seed)),
  );
  let predictionRows = 0;
  for (const [at, rows] of arrivals(history.rows, (row) => row.ts!, HOUR_MS, now)) {
    predictionRows += store.asIfAt(at, () => store.log(CREDIT_MODEL, rows)).written;
  }
  const arrived = history.labels.filter((label) => label.availableAt <= now);
  let matched = 0;
  for (const [at, labels] of arrivals(arrived, (label) => label.availableAt, LABEL_JOB_MS, now)) {
    const inputs = labels.map(({ id, label }, i) => ({ row: i + 1, id, label }));
    matched += store.asIfAt(at, () => store.attachLabels(CREDIT_MODEL, inputs)).matched;
  }
  return {
    model: CREDIT_MODEL,
    referenceRows: reference.written,
    predictionRows,
    labelledRows: matched,
    from: history.rows[0].ts!,
    to: history.rows[history.rows.length - 1].ts!,
  };
}

/** Items grouped by when they are written: the end of the `every` interval they arrive in, or `now` when sooner. */
function arrivals<T>(items: readonly T[], arrival: (item: T) => number, every: number, now: number): Map<number, T[]> {
  const groups = new Map<number, T[]>();
  for (const item of items) {
    const at = Math.min(now, (Math.floor(arrival(item) / every) + 1) * every);
    const group = groups.get(at);
    if (group) group.push(item);
    else groups.set(at, [item]);
  }
  return new Map([...groups].sort(([a], [b]) => a - b));
}
