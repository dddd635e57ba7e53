import { join } from "node:path";
import Database from "better-sqlite3";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  tabularDrift,
  type Profile,
  type TabularDriftOptions,
  type TabularDriftResult,
} from "../../detectors/index.ts";
import { DAY_MS } from "../../server/demo/credit.ts";
import { DEMO_HISTORY_DAYS, seedDemo } from "../../server/demo/seed.ts";
import { readProfiles, type ProfileWindow } from "../../server/store/profileRead.ts";
import { PredictionStore } from "../../server/store/store.ts";
import { expectClose } from "../detectors/close.ts";
import { tempDir } from "../helpers/workbooks.ts";
import { TODAY } from "../helpers/demoWorkbook.ts";

/** The start of the current UTC day: the demo's seven days are then seven whole UTC days before it. */
const today = TODAY;

let cleanup: () => Promise<void>;
let db: Database.Database;
let reference: { profile: Profile; rows: Record<string, unknown>[] };
let days: ProfileWindow[];

beforeAll(async () => {
  let dir: string;
  ({ dir, cleanup } = await tempDir());
  const file = join(dir, "demo.db");
  const store = new PredictionStore(file);
  seedDemo(store, { now: today });
  store.close();
  db = new Database(file, { readonly: true });
  reference = {
    profile: readProfiles(db, "credit", { reference: true })[0].profile,
    rows: db.prepare("select * from credit_reference").all() as Record<string, unknown>[],
  };
  days = readProfiles(db, "credit", { every: "1d", now: today });
}, 60_000);
afterAll(async () => {
  db?.close();
  await cleanup?.();
});

/** The rows of `[start, end)`, as a workbook's `select *` reads them. */
function rowsOf(start: number, end: number, region?: string): Record<string, unknown>[] {
  const where = region === undefined ? "" : " and region = ?";
  const values = region === undefined ? [start, end] : [start, end, region];
  return db.prepare(`select * from credit where ts >= ? and ts < ?${where}`).all(...values) as Record<
    string,
    unknown
  >[];
}

/** Each feature's decision, by name. */
function decisions(result: TabularDriftResult): Record<string, string> {
  return Object.fromEntries(result.features.map((feature) => [feature.feature, feature.status]));
}

/**
 * The lines whose decision differs between the profile and the raw result, as "label feature";
 * each must be one the profile result warned of (`approximate`), and where the bound is on the
 * statistic, its statistic must lie within that bound of the raw one.
 */
function flips(fromProfiles: TabularDriftResult, fromRows: TabularDriftResult, label: string): string[] {
  const raw = new Map(fromRows.features.map((line) => [line.feature, line]));
  return fromProfiles.features.flatMap((line) => {
    const other = raw.get(line.feature)!;
    if (line.status === other.status) return [];
    expect(line.approximate, `${label} ${line.feature}`).toBeDefined();
    if (line.approximate!.on === "statistic")
      expect(Math.abs(line.statistic - other.statistic)).toBeLessThanOrEqual(line.approximate!.bound);
    return [
      `${label} ${line.feature} (${line.method}: ${line.statistic.toPrecision(3)} vs ${other.statistic.toPrecision(3)})`,
    ];
  });
}

/** "day N" of the demo's history (1–7). */
const dayOf = (start: number | null) => `day ${(start! - today) / DAY_MS + DEMO_HISTORY_DAYS + 1}`;

describe("tabularDrift on the demo's stored profiles and on its raw rows", () => {
  it("covers the seven demo days, one UTC day each", () => {
    expect(days.map(({ start, profile }) => [start, profile.rows])).toEqual(
      Array.from({ length: DEMO_HISTORY_DAYS }, (_, i) => [today - (DEMO_HISTORY_DAYS - i) * DAY_MS, 1500]),
    );
  });

  for (const [name, options] of [
    ["the defaults", {}],
    ["the workbook's day-by-day minRows (500)", { minRows: 500 }],
  ] as [string, TabularDriftOptions][]) {
    it(`gives the same per-feature decisions on every day, with ${name}`, () => {
      for (const { start, end, profile } of days) {
        const fromProfiles = tabularDrift(reference.profile, profile, options);
        const fromRows = tabularDrift(reference.rows, rowsOf(start!, end!), options);
        expect({ day: new Date(start!).toISOString(), ...decisions(fromProfiles) }).toEqual({
          day: new Date(start!).toISOString(),
          ...decisions(fromRows),
        });
      }
    });
  }

  it("with ks and chi-square, differs only where the sketches' approximation reaches the decision", () => {
    const method = { numeric: "ks", categorical: "chiSquare" } as const;
    const flipped = days.flatMap(({ start, end, profile }) =>
      flips(
        tabularDrift(reference.profile, profile, { method }),
        tabularDrift(reference.rows, rowsOf(start!, end!), { method }),
        dayOf(start),
      ),
    );
    // Seeded rows and seeded sketches: one of 70 lines, a ks D within its bound (0.021) of the raw
    // one at p ≈ 0.05.
    expect(flipped).toEqual(["day 3 debt_ratio (ks: 0.0387 vs 0.0401)"]);
  });

  it("tests late_payments_12m (a REAL column of whole values 0–5) as the raw path does, exactly, on every day", () => {
    // Categorical by Evidently's rule (≤ 10 whole values) although its profile is numeric: the
    // profile's exact counts per value give the raw path's table, rare values included, to
    // chi-square and to the default test (Jensen–Shannon on a 5,000-row reference).
    const features = ["late_payments_12m"];
    for (const [method, name] of [
      [{ categorical: "chiSquare" }, "chiSquare"],
      [undefined, "jensenShannon"],
    ] as const)
      for (const { start, end, profile } of days) {
        const what = `${dayOf(start)} ${name}`;
        const [fromProfiles] = tabularDrift(reference.profile, profile, { method, features }).features;
        const [fromRows] = tabularDrift(reference.rows, rowsOf(start!, end!), { method, features }).features;
        expect([fromProfiles.type, fromProfiles.method, fromProfiles.approximate], what).toEqual([
          "categorical",
          name,
          undefined,
        ]);
        expect([fromRows.type, fromRows.method, fromProfiles.status], what).toEqual([
          "categorical",
          name,
          fromRows.status,
        ]);
        expectClose(fromProfiles.statistic, fromRows.statistic, { rel: 1e-12, abs: 1e-15 }, what);
        expectClose(fromProfiles.pValue ?? NaN, fromRows.pValue ?? NaN, { rel: 1e-9, abs: 1e-300 }, what);
      }
  });

  it("gives the same decisions per region on every day, but where the sketches' approximation reaches the decision", () => {
    const flipped: string[] = [];
    for (const { start, end } of days) {
      const regions = readProfiles(db, "credit", { since: start!, until: end! - 1, segment: { column: "region" } });
      const result = tabularDrift(reference.profile, regions);
      expect(result.segments.map((segment) => segment.value)).toEqual(["midwest", "northeast", "south", "west"]);
      // The default tests on a 5,000-row reference are distances: no p-value, so no correction.
      expect(result.correction).toBeUndefined();
      for (const segment of result.segments) {
        const rows = rowsOf(start!, end!, segment.value);
        expect(segment.rows).toBe(rows.length);
        const features = segment.result.features.map((feature) => feature.feature);
        const fromRows = tabularDrift(reference.rows, rows, { features });
        flipped.push(...flips(segment.result, fromRows, `${dayOf(start)} ${segment.value}`));
      }
    }
    // 6 of 252 lines (the demo writes each hour's rows as they arrived, so its sketches compact hour by hour): a region holds 250–600 rows a day, where the normed Wasserstein distance from
    // the sketches (bound ≈ 0.1 there: honest but loose) lands on the other side of its 0.1 threshold.
    expect(flipped).toEqual([
      "day 1 northeast loan_amount (wasserstein: 0.103 vs 0.0965)",
      "day 2 northeast credit_lines (wasserstein: 0.0967 vs 0.113)",
      "day 5 south debt_ratio (wasserstein: 0.100 vs 0.0916)",
      "day 6 midwest income (wasserstein: 0.103 vs 0.0945)",
      "day 6 northeast income (wasserstein: 0.101 vs 0.0989)",
      "day 7 northeast debt_ratio (wasserstein: 0.0910 vs 0.101)",
    ]);
  });
});
