import { copyFile, readFile } from "node:fs/promises";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import Database from "better-sqlite3";
import { DAY_MS, liveRows } from "../../server/demo/credit.ts";
import { seedDemo } from "../../server/demo/seed.ts";
import type { DriftOutput, SvgOutput, TableOutput } from "../../server/protocol/index.ts";
import { PredictionStore } from "../../server/store/store.ts";
import { ROOT, driftbook } from "../helpers/cli.ts";
import { tempDir } from "../helpers/workbooks.ts";
import { TODAY } from "../helpers/demoWorkbook.ts";

interface RunJson {
  cells: { outputs?: (DriftOutput | SvgOutput | TableOutput | { kind: string })[] }[];
}

let dir: string;
let cleanup: () => Promise<void>;
let outputs: RunJson["cells"][number]["outputs"] & object;
let db: string;
/** The start of the current UTC day: the demo's seven days are then seven whole UTC days before it. */
const today = TODAY;
const isoDay = (ms: number) => new Date(ms).toISOString().slice(0, 10);

beforeAll(async () => {
  ({ dir, cleanup } = await tempDir());
  db = join(dir, "demo.db");
  const store = new PredictionStore(db);
  seedDemo(store, { now: today });
  // The first 30 predictions of the current day, as `npm start` streams them (two a second).
  store.log("credit", liveRows(30, { now: today + 3_600_000, seed: 7 }).rows);
  store.close();
  await copyFile(join(ROOT, "workbooks/credit-drift.md"), join(dir, "credit-drift.md"));
  const json = join(dir, "run.json");
  const result = await driftbook(["run", join(dir, "credit-drift.md"), "--db", db, "--workbooks", dir, "--json", json]);
  expect(result.stdout).toMatch(/20 of 20 cells fulfilled/);
  outputs = (JSON.parse(await readFile(json, "utf8")) as RunJson).cells.flatMap((cell) => cell.outputs ?? []);
}, 120_000);
afterAll(async () => {
  await cleanup?.();
});

/** The table output whose columns are `names`. */
function table(...names: string[]): TableOutput {
  const found = outputs.find(
    (output): output is TableOutput =>
      output.kind === "table" &&
      JSON.stringify((output as TableOutput).columns.map((column) => column.name)) === JSON.stringify(names),
  );
  if (!found) throw new Error(`no table with columns ${names.join(", ")}`);
  return found;
}

describe("the demo workbook's day-by-day drift, from the stored profiles", () => {
  it("reads the partial current day as too few rows to judge, not as a spike", () => {
    const days = table("day", "rows", "share", "drifted");
    expect(days.rows.map(([day, rows, share]) => [day, rows, share])).toEqual([
      [isoDay(today - 7 * DAY_MS), 1500, 0],
      [isoDay(today - 6 * DAY_MS), 1500, 0],
      [isoDay(today - 5 * DAY_MS), 1500, 0],
      [isoDay(today - 4 * DAY_MS), 1500, 0],
      [isoDay(today - 3 * DAY_MS), 1500, 0.2],
      [isoDay(today - 2 * DAY_MS), 1500, 0.2],
      [isoDay(today - DAY_MS), 1500, 0.2],
      [isoDay(today), 30, null],
    ]);
    expect(days.rows[4][3]).toBe("income, purpose");
    expect(days.rows[7]).toEqual([isoDay(today), 30, null, "too few rows to judge (fewer than 500)"]);
    const chart = outputs.find(
      (output): output is SvgOutput =>
        output.kind === "svg" &&
        (output as SvgOutput).svg.includes("share of features drifted") &&
        (output as SvgOutput).svg.includes("day (UTC)"),
    )!;
    expect(chart.svg).toContain(
      '<tspan y="-0.18em" x="0">30 rows:</tspan><tspan dy="1em" x="0">too few to judge</tspan>',
    );
  });

  it("counts the rows of the last window in the drift report", () => {
    const report = outputs.find((output): output is DriftOutput => output.kind === "drift")!;
    expect(report).toMatchObject({ tested: 10, referenceRows: 5000 });
    expect(report.features.map((feature) => feature.status)).toContain("drifted");
    for (const feature of report.features) expect(feature.referenceRows).toBe(5000);
  });

  it("gives each day's accuracy from the label profiles as raw SQL over the rows does", () => {
    const raw = new Database(db, { readonly: true });
    try {
      const expected = raw
        .prepare(
          `select strftime('%Y-%m-%d', ts / 1000, 'unixepoch') as day, count(*) as predictions, count(label) as labelled,
                  avg(case when label is null then null when prediction = label then 1.0 else 0.0 end) as accuracy
           from credit group by day order by day`,
        )
        .raw()
        .all() as [string, number, number, number | null][];
      const accuracy = table("day", "predictions", "labelled", "accuracy");
      expect(accuracy.rows).toHaveLength(8);
      accuracy.rows.forEach((row, i) => {
        expect(row.slice(0, 3)).toEqual(expected[i].slice(0, 3));
        if (expected[i][3] === null) expect(row[3]).toBeNull();
        else expect(row[3]).toBeCloseTo(expected[i][3]!, 12);
      });
    } finally {
      raw.close();
    }
  });

  it("shows income drifting in the south and west only, and purpose everywhere", () => {
    const regions = table("region", "rows", "share", "drifted");
    const drifted = regions.rows.map(([region, , , features]) => [region, (features as string).split(", ")] as const);
    expect(drifted.map(([region]) => region)).toEqual(["midwest", "northeast", "south", "west"]);
    for (const [region, features] of drifted) {
      expect(features).toContain("purpose");
      expect(features.includes("income")).toBe(region === "south" || region === "west");
    }
    // The last window is yesterday and today's first 30 rows, as whole UTC days.
    expect(regions.rows.reduce((sum, [, rows]) => sum + (rows as number), 0)).toBe(1530);
  });

  it("keeps one raw-rows view: the twenty newest predictions", () => {
    const newest = table("ts", "id", "income", "purpose", "region", "prediction", "score", "label");
    expect(newest.rows).toHaveLength(20);
    expect(newest.rows[0][1]).toMatch(/^credit-live-7-.*-29$/);
  });
});
