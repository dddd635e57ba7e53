import { copyFile, readFile } from "node:fs/promises";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { liveRows } from "../../server/demo/credit.ts";
import { seedDemo } from "../../server/demo/seed.ts";
import type { DriftOutput, SvgOutput, TableOutput } from "../../server/protocol/index.ts";
import { PredictionStore } from "../../server/store/store.ts";
import { ROOT, driftbook } from "../helpers/cli.ts";
import { tempDir } from "../helpers/workbooks.ts";

interface RunJson {
  cells: { outputs?: (DriftOutput | SvgOutput | TableOutput | { kind: string })[] }[];
}

let dir: string;
let cleanup: () => Promise<void>;
let outputs: RunJson["cells"][number]["outputs"] & object;

beforeAll(async () => {
  ({ dir, cleanup } = await tempDir());
  const db = join(dir, "demo.db");
  const store = new PredictionStore(db);
  const now = Date.now();
  seedDemo(store, { now });
  // The first 30 predictions of the current day, as `npm start` streams them (two a second).
  store.log("credit", liveRows(30, { now: now + 3_600_000, seed: 7 }).rows);
  store.close();
  await copyFile(join(ROOT, "workbooks/credit-drift.md"), join(dir, "credit-drift.md"));
  const json = join(dir, "run.json");
  const result = await driftbook(["run", join(dir, "credit-drift.md"), "--db", db, "--workbooks", dir, "--json", json]);
  expect(result.stdout).toMatch(/14 of 14 cells fulfilled/);
  outputs = (JSON.parse(await readFile(json, "utf8")) as RunJson).cells.flatMap((cell) => cell.outputs ?? []);
}, 120_000);
afterAll(async () => {
  await cleanup?.();
});

describe("the demo workbook's day-by-day drift", () => {
  it("reads the partial current day as too few rows to judge, not as a spike", () => {
    const table = outputs.find(
      (output): output is TableOutput =>
        output.kind === "table" && (output as TableOutput).columns.some((column) => column.name === "share"),
    )!;
    expect(table.columns.map((column) => column.name)).toEqual(["day", "rows", "share", "drifted"]);
    expect(table.rows.map(([day, , share]) => [day, share])).toEqual([
      [1, 0],
      [2, 0],
      [3, 0],
      [4, 0],
      [5, 0.2],
      [6, 0.2],
      [7, 0.2],
      [8, null],
    ]);
    expect(table.rows[7]).toEqual([8, 30, null, "too few rows to judge (fewer than 500)"]);
    const chart = outputs.find(
      (output): output is SvgOutput =>
        output.kind === "svg" &&
        (output as SvgOutput).svg.includes("share of features drifted") &&
        (output as SvgOutput).svg.includes("day"),
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
});
