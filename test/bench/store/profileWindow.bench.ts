import { describe } from "vitest";
import { tabularDrift, type TabularDriftResult } from "../../../detectors/index.ts";
import { profileLibrary } from "../../../server/runtime/stdlib/profile.ts";
import { ReadonlyDatabase } from "../../../server/store/readonly.ts";
import { agreementText, agreementWarning, decisionAgreement } from "../driftAgreement.ts";
import { medianMs, sideBySide } from "../helpers.ts";
import { recordFigure } from "../summary.ts";
import { cachedDatabase, type CachedDatabase } from "./creditCache.ts";
import { FEATURES } from "./creditColumns.ts";
import type { BuildSpec } from "./creditStore.ts";

// Issue 18's benchmarks: 30 days × 1M predictions a day (10 features like the demo's, plus
// prediction and score), built once into test/bench/.cache/ (creditCache.ts). Side by side: the
// whole 30-day drift view from stored profiles — the last 24 h against the reference plus one drift
// point a day — through the code a cell runs (`profile`/`profiles`, server/runtime/stdlib/profile.ts,
// then tabularDrift), against the last 24 h alone from raw rows (the rows a `sql` cell loads, 1M,
// then tabularDrift on tables: the raw 30-day view would read all 30M). Then the profiles' storage as
// a share of the rows' (SQLite's dbstat: pages of each b-tree), and what each value of a segment
// column adds, from a second database of 30 days × 100k rows with segments: ["region"].
const MODEL = "credit";
const DAY_MS = 86_400_000;
const DAYS = 30;
const END = Date.UTC(2026, 0, 31);
const SPEC: BuildSpec = {
  model: MODEL,
  days: DAYS,
  perDay: 1_000_000,
  referenceRows: 100_000,
  end: END,
  driftFrom: 16,
  segments: [],
};
const SEGMENTED: BuildSpec = { ...SPEC, perDay: 100_000, segments: ["region"] };
const VIEW_TARGET_MS = 200;
const STORAGE_TARGET_PERCENT = 5;

const rows = (spec: BuildSpec) => `${(spec.days * spec.perDay) / 1e6}M`;
const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
const megabytes = (bytes: number) => `${(bytes / 2 ** 20).toFixed(1)} MB`;

/** The 30-day view as a cell computes it from profiles. */
function profileView(db: ReadonlyDatabase): { last24h: TabularDriftResult; daily: TabularDriftResult[] } {
  const { profile, profiles } = profileLibrary(db, new Set());
  const reference = profile(MODEL, { reference: true });
  const last24h = tabularDrift(reference, profile(MODEL, { since: END - DAY_MS }));
  const days = profiles(MODEL, { since: END - DAYS * DAY_MS, every: "1d" });
  return { last24h, daily: days.map((day) => tabularDrift(reference, day.profile)) };
}

/** The last 24 h from raw rows, as `sql` cells load them. */
function rawLast24h(db: ReadonlyDatabase): TabularDriftResult {
  const columns = FEATURES.join(", ");
  const reference = db.query(`select ${columns} from ${MODEL}_reference`, []);
  const current = db.query(`select ${columns} from ${MODEL} where ts >= ?`, [END - DAY_MS]);
  if (current.numRows() !== SPEC.perDay) throw new Error(`the last 24 h hold ${current.numRows()} rows`);
  return tabularDrift(reference, current);
}

/** "days 1–15 none; days 16–30 income, purpose": the drifted features of each run of days. */
function driftByDay(daily: TabularDriftResult[]): string {
  const names = daily.map((day) =>
    day.features
      .filter((line) => line.drift)
      .map((line) => line.feature)
      .join(", "),
  );
  const runs: string[] = [];
  for (let first = 0; first < names.length;) {
    let last = first;
    while (last + 1 < names.length && names[last + 1] === names[first]) last++;
    runs.push(`day${first === last ? ` ${first + 1}` : `s ${first + 1}–${last + 1}`} ${names[first] || "none"}`);
    first = last + 1;
  }
  return runs.join("; ");
}

/** What is wrong with the daily points, if anything: one a day, drift exactly on the days drawn drifted. */
function dailyWarning(daily: TabularDriftResult[]): string | undefined {
  if (daily.length !== DAYS) return `${daily.length} daily points, expected ${DAYS}`;
  const wrong = daily.findIndex((day, i) => day.features.some((line) => line.drift) !== i + 1 >= SPEC.driftFrom);
  return wrong === -1
    ? undefined
    : `day ${wrong + 1} is decided otherwise than it was drawn (drifted from day ${SPEC.driftFrom})`;
}

/** Bytes of the pages of `table` and its indexes (dbstat, one aggregate row per b-tree). */
function storedBytes(db: ReadonlyDatabase, table: string): number {
  return db
    .connection()
    .prepare(
      `select coalesce(sum(pgsize), 0) from dbstat where aggregate = 1
       and name in (select name from sqlite_master where tbl_name = ?)`,
    )
    .pluck()
    .get(table) as number;
}

async function compareView(database: CachedDatabase): Promise<void> {
  const db = new ReadonlyDatabase(database.path);
  try {
    let started = performance.now();
    const view = profileView(db);
    const firstMs = performance.now() - started;
    const viewMs = await medianMs(() => profileView(db), 5);
    started = performance.now();
    const raw = rawLast24h(db);
    const rawFirstMs = performance.now() - started;
    const rawMs = await medianMs(() => rawLast24h(db), 2);
    const bounds = new Map(view.last24h.features.map((line) => [line.feature, line.approximate?.bound ?? 0]));
    const agreement = decisionAgreement(view.last24h.features, raw.features, (feature) => bounds.get(feature) ?? 0);
    recordFigure({
      figure: `30-day drift view from profiles, ${rows(SPEC)} rows (${DAYS} days × 1M, 10 features): last 24 h + ${DAYS} daily points against the reference`,
      ours: `${viewMs.toFixed(0)} ms (first call ${firstMs.toFixed(0)} ms; drifted features by day: ${driftByDay(view.daily)}; last 24 h: ${agreementText(agreement)})`,
      baseline: `raw rows, the last 24 h only (1M rows and the ${SPEC.referenceRows / 1000}k-row reference loaded as a \`sql\` cell does, then tabularDrift) ${seconds(rawMs)} (first ${seconds(rawFirstMs)})`,
      ratio: viewMs / rawMs,
      measured: viewMs,
      target: { atMost: VIEW_TARGET_MS, unit: "ms" },
      warning: agreementWarning(agreement) ?? dailyWarning(view.daily),
    });
  } finally {
    db.close();
  }
}

function recordStorage(database: CachedDatabase): void {
  const db = new ReadonlyDatabase(database.path);
  try {
    const profileBytes = storedBytes(db, "driftbook_profiles");
    const rowBytes = storedBytes(db, MODEL);
    const percent = (100 * profileBytes) / rowBytes;
    recordFigure({
      figure: `profile storage as a share of row storage, ${rows(SPEC)} rows × 12 columns, no segments (1 h buckets, days, months; dbstat pages)`,
      ours: `${percent.toFixed(2)} % (profiles ${megabytes(profileBytes)}; rows ${megabytes(rowBytes)}: table, id and ts indexes)`,
      measured: percent,
      target: { atMost: STORAGE_TARGET_PERCENT, unit: "%" },
    });
  } finally {
    db.close();
  }
}

/** What each value of the segment column adds: its profiles (days and months only) against all rows'. */
function recordSegmentCost(database: CachedDatabase): void {
  const db = new ReadonlyDatabase(database.path);
  try {
    const [column] = SEGMENTED.segments;
    const sums = db
      .connection()
      .prepare(
        `select segment, count(distinct segment_value) as "values", sum(length(data)) as bytes from driftbook_profiles
         where model = ? and source = 'predictions' group by segment`,
      )
      .all(MODEL) as { segment: string; values: number; bytes: number }[];
    const whole = sums.find((sum) => sum.segment === "")!;
    const segment = sums.find((sum) => sum.segment === column);
    if (!segment) throw new Error(`no profiles of segment ${column}`);
    const perValue = segment.bytes / segment.values;
    const rowBytes = storedBytes(db, MODEL);
    recordFigure({
      figure: `profile storage per segment value, ${rows(SEGMENTED)} rows (${DAYS} days × ${SEGMENTED.perDay / 1000}k), segment ${column} (${segment.values} values; day and month profiles only)`,
      ours: `${megabytes(perValue)} per value over ${DAYS} days (${(perValue / DAYS / 1024).toFixed(0)} KB a day), ${(100 * (perValue / whole.bytes)).toFixed(1)} % of the all-rows profiles' ${megabytes(whole.bytes)}, ${((100 * perValue) / rowBytes).toFixed(2)} % of the rows' ${megabytes(rowBytes)} (profile data bytes)`,
    });
  } finally {
    db.close();
  }
}

function recordBuild(spec: BuildSpec, database: CachedDatabase): void {
  const { insertMs, referenceMs, rebuildMs } = database.times;
  const total = spec.days * spec.perDay;
  const rate = (ms: number) => `${Math.round((total / ms) * 1000).toLocaleString("en")} rows/s`;
  recordFigure({
    figure: `building the ${rows(spec)}-row database once${spec.segments.length ? ` with segments ${spec.segments.join(", ")}` : ""} (${database.builtNow ? "this run" : `cached, built ${database.builtAt.slice(0, 10)}`})`,
    ours: `rows through the store's insert, profiles off ${seconds(insertMs)} (${rate(insertMs)}); profiles by the store's rebuild ${seconds(rebuildMs)} (${rate(rebuildMs)}); ${spec.referenceRows / 1000}k-row reference with its profile ${seconds(referenceMs)}`,
  });
}

describe("profiles: a 30-day view from 30M rows", () => {
  sideBySide("30-day drift view from profiles vs the last 24 h from raw rows; storage", async () => {
    const database = cachedDatabase("credit-30x1M", SPEC);
    recordBuild(SPEC, database);
    await compareView(database);
    recordStorage(database);
    const segmented = cachedDatabase("credit-30x100k-region", SEGMENTED);
    recordBuild(SEGMENTED, segmented);
    recordSegmentCost(segmented);
  });
});
