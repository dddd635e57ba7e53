// workbooks/credit-text.md run headless (`driftbook run`, a real child process) over the seeded
// demo data: seven whole UTC days whose loan descriptions change their wording from day five, and
// the current day's first predictions. Checks what the workbook claims: hashed embeddings,
// projected and tested with MMD day by day, flag days 5–7 and not days 1–4; a partial day is too
// few to judge; the alert fires on the newest judged day.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DAY_MS, DRIFT_START_DAY } from "../../server/demo/credit.ts";
import { DEMO_HISTORY_DAYS, DEMO_ROWS_PER_DAY } from "../../server/demo/seed.ts";
import type { TableOutput } from "../../server/protocol/index.ts";
import type { CliResult } from "../helpers/cli.ts";
import { TODAY, demoWorkbook, isoDay, type DemoWorkbook } from "../helpers/demoWorkbook.ts";

let demo: DemoWorkbook;
let run: CliResult;
let tables: TableOutput[];
const today = TODAY;
const LIVE_ROWS = 30;

beforeAll(async () => {
  demo = await demoWorkbook("credit-text.md", { todayRows: LIVE_ROWS });
  const result = await demo.run();
  run = result.run;
  tables = result.outputs.filter((output): output is TableOutput => output.kind === "table");
}, 180_000);
afterAll(async () => {
  await demo?.cleanup();
});

function records(...names: string[]): Record<string, unknown>[] {
  const found = tables.find(
    (output) => JSON.stringify(output.columns.map((column) => column.name)) === JSON.stringify(names),
  );
  if (!found) throw new Error(`no table with columns ${names.join(", ")}`);
  return found.rows.map((row) => Object.fromEntries(found.columns.map((column, i) => [column.name, row[i]])));
}

describe("the credit text-drift workbook over the demo days", () => {
  it("runs every cell headless", () => {
    expect(run.stderr).toBe("");
    expect(run.stdout).toMatch(/(\d+) of \1 cells fulfilled/);
  });

  it("flags the changed wording on days 5–7 and not on days 1–4; today's few rows are too few to judge", () => {
    const days = records("day", "rows", "tested", "mmd2", "pValue", "drift");
    expect(days.map((d) => d.day)).toEqual([
      ...Array.from({ length: DEMO_HISTORY_DAYS }, (_, i) => isoDay(today - (DEMO_HISTORY_DAYS - i) * DAY_MS)),
      isoDay(today),
    ]);
    const history = days.slice(0, DEMO_HISTORY_DAYS);
    expect(history.map((d) => [d.rows, d.tested])).toEqual(Array(DEMO_HISTORY_DAYS).fill([DEMO_ROWS_PER_DAY, 500]));
    expect(history.map((d) => d.drift)).toEqual(
      Array.from({ length: DEMO_HISTORY_DAYS }, (_, i) => i + 1 >= DRIFT_START_DAY),
    );
    for (const d of history.slice(0, DRIFT_START_DAY - 1)) expect(d.pValue as number).toBeGreaterThan(0.05);
    for (const d of history.slice(DRIFT_START_DAY - 1)) expect(d.pValue as number).toBeLessThan(0.01);
    expect(days[DEMO_HISTORY_DAYS]).toEqual({
      day: isoDay(today),
      rows: LIVE_ROWS,
      tested: 0,
      mmd2: null,
      pValue: null,
      drift: null,
    });
  });

  it("alerts on the newest judged day", () => {
    expect(run.stdout).toMatch(/credit-text\.md#text-drifted: normal → firing/);
  });
});
