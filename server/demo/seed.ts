/**
 * Seeds the demo model `credit` into a store: its segments (`region`, so drift per region is
 * kept from the first row), a reference set, seven days of history and the labels that have
 * arrived by `now`. Does nothing when `credit` already has predictions, so it is safe to call on
 * every start. The history is dated as if it had been logged live — each prediction arrived at
 * its `ts`, each label at the time it became known, the reference set before the first
 * prediction — so an as-of run or a replay of its days (store/asOf.ts) sees what a server
 * running through them would have seen.
 */
import { writeTransaction } from "../store/db.ts";
import type { PredictionStore } from "../store/store.ts";
import { CREDIT_MODEL, historyRows, referenceRows, type DelayedLabel } from "./credit.ts";

export const DEMO_REFERENCE_ROWS = 5_000;
export const DEMO_HISTORY_DAYS = 7;
export const DEMO_ROWS_PER_DAY = 1_500;
/** The demo's segment column: its income drifts in two regions only (credit.ts). */
export const DEMO_SEGMENTS = ["region"];
const BATCH_ROWS = 10_000;

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
  const reference = store.replaceReference(CREDIT_MODEL, referenceRows(DEMO_REFERENCE_ROWS, seed));
  const history = historyRows({ days: DEMO_HISTORY_DAYS, perDay: DEMO_ROWS_PER_DAY, end: now, seed });
  let predictionRows = 0;
  for (let start = 0; start < history.rows.length; start += BATCH_ROWS) {
    predictionRows += store.log(CREDIT_MODEL, history.rows.slice(start, start + BATCH_ROWS)).written;
  }
  const arrived = history.labels
    .filter((label) => label.availableAt <= now)
    .map(({ id, label }, i) => ({ row: i + 1, id, label }));
  const { matched } = store.attachLabels(CREDIT_MODEL, arrived);
  const from = history.rows[0].ts!;
  backdate(
    store,
    from,
    history.labels.filter((label) => label.availableAt <= now),
  );
  return {
    model: CREDIT_MODEL,
    referenceRows: reference.written,
    predictionRows,
    labelledRows: matched,
    from,
    to: history.rows[history.rows.length - 1].ts!,
  };
}

/** Dates the seeded history's arrival: rows at their ts, labels when known, the reference just before the first row. */
function backdate(store: PredictionStore, from: number, labels: DelayedLabel[]): void {
  writeTransaction(store.db, () => {
    store.db.prepare(`update ${CREDIT_MODEL} set ingested_at = ts`).run();
    const label = store.db.prepare(`update ${CREDIT_MODEL} set label_ingested_at = ? where id = ?`);
    for (const { id, availableAt } of labels) label.run(availableAt, id);
    store.db
      .prepare("update driftbook_references set created_at = ? where model = ? and created_at is not null")
      .run(from - 1, CREDIT_MODEL);
  });
}
