// workbooks/credit-online.md run headless (`driftbook run`, a real child process) over the seeded
// demo data: seven days of predictions whose incomes fall from day five. Checks what the workbook
// claims: every cell runs, the online detector is fed every prediction in arrival order, it stays
// quiet on the days before the drift and fires on the demo's income drift from day five, and a
// production run stores its state, so a second run feeds only the rows logged since.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DAY_MS, DRIFT_START_DAY, liveRows } from "../../server/demo/credit.ts";
import { DEMO_HISTORY_DAYS, DEMO_ROWS_PER_DAY } from "../../server/demo/seed.ts";
import type { Output, TableOutput } from "../../server/protocol/index.ts";
import { EXIT } from "../../server/cli/cliError.ts";
import { PredictionStore } from "../../server/store/store.ts";
import { TODAY, demoWorkbook, isoDay, type DemoWorkbook } from "../helpers/demoWorkbook.ts";

let demo: DemoWorkbook;
let first: Awaited<ReturnType<DemoWorkbook["run"]>>;
const today = TODAY;
const LIVE_ROWS = 40;

/** The workbook's table of detections per day, as {day, detections} records. */
function detectionsPerDay(outputs: Output[]): Map<string, number> {
  const table = outputs.find(
    (output): output is TableOutput =>
      output.kind === "table" && output.columns.map((column) => column.name).join() === "day,detections",
  );
  if (!table) throw new Error("no table of detections per day");
  return new Map(table.rows.map(([day, count]) => [String(day), Number(count)]));
}

beforeAll(async () => {
  demo = await demoWorkbook("credit-online.md");
  first = await demo.run("first");
}, 300_000);
afterAll(async () => {
  await demo?.cleanup();
});

describe("workbooks/credit-online.md over the demo data", () => {
  it("runs every cell without an error", () => {
    // The alert reads watch.drift, which the drift days set: `driftbook run` exits with "alert firing".
    expect(first.run.code, first.run.stderr).toBe(EXIT.alertFiring);
    expect(first.report.cells.length).toBeGreaterThan(0);
    first.report.cells.forEach((cell, i) => {
      expect(cell.status, `cell ${i}`).toBe("fulfilled");
      expect(cell.outputs?.some((output) => output.kind === "error") ?? false, `cell ${i}`).toBe(false);
    });
  });

  it("feeds every prediction and sees the income drift from day five, not before", () => {
    const text = JSON.stringify(first.outputs);
    expect(text).toContain(`${DEMO_HISTORY_DAYS * DEMO_ROWS_PER_DAY} new prediction(s) this run`);
    const perDay = detectionsPerDay(first.outputs);
    const days = Array.from({ length: DEMO_HISTORY_DAYS }, (_, i) => isoDay(today - (DEMO_HISTORY_DAYS - i) * DAY_MS));
    const counts = days.map((day) => perDay.get(day) ?? 0);
    console.log(`credit-online: detections per demo day ${counts.join(", ")}`);
    const before = counts.slice(0, DRIFT_START_DAY - 1);
    const after = counts.slice(DRIFT_START_DAY - 1);
    // ert 2000 over 1,500 predictions a day: about 0.75 false detections a day before the drift.
    expect(before.reduce((a, b) => a + b, 0)).toBeLessThanOrEqual(6);
    for (const count of after) expect(count).toBeGreaterThanOrEqual(5);
  });

  it("a second production run feeds only the predictions logged since the first", async () => {
    const store = new PredictionStore(demo.db);
    store.log("credit", liveRows(LIVE_ROWS, { now: today + 3_600_000, seed: 7 }).rows);
    store.close();
    const second = await demo.run("second");
    expect(second.run.code, second.run.stderr).toBeLessThan(EXIT.failed);
    expect(JSON.stringify(second.outputs)).toContain(`${LIVE_ROWS} new prediction(s) this run`);
  }, 120_000);
});
