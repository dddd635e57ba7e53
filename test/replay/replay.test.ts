import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { replayedCells, replayWorkbook } from "../../server/replay/replay.ts";
import { PredictionStore } from "../../server/store/store.ts";
import { workbookFromText } from "../../server/workspace/workbookFile.ts";
import { tempDir, workbookText } from "../helpers/workbooks.ts";

const BASE = Date.UTC(2026, 10, 1);
const H = 3_600_000;
let dbPath: string;
let cleanup: () => Promise<void>;

/** One prediction an hour for 10 hours, each logged as it happened, its score the hour. */
beforeAll(async () => {
  const dir = await tempDir();
  cleanup = dir.cleanup;
  dbPath = join(dir.dir, "replay.db");
  let clock = BASE;
  const store = new PredictionStore(dbPath, { now: () => clock });
  for (let hour = 0; hour < 10; hour++) {
    clock = BASE + hour * H;
    store.log("m", [{ row: 1, id: `p${hour}`, ts: clock, features: { x: hour }, prediction: 1, score: hour }]);
  }
  store.close();
});
afterAll(() => cleanup());

const WORKBOOK = workbookFromText(
  "w.md",
  workbookText(
    "```sql rows\nselect count(*) as n from m\n```",
    "const n = rows.get('n', 0);",
    "metric('rows', n, {labels: {model: 'm', kind: 'all'}})",
    "const unrelated = 1;",
    "Plot.dotX([n]).plot()",
    "```alert many\nwhen: n > 3\nfor: 2 runs\n```",
    "```alert other\nwhen: unrelated > 0\n```",
  ),
);
const steps = [1, 2, 3, 4, 5, 6].map((hour) => BASE + hour * H);

describe("replayWorkbook", () => {
  it("runs the workbook as of each step, through the state machine, with each step's metric points", async () => {
    const seen: number[] = [];
    const result = await replayWorkbook({
      workbook: WORKBOOK,
      id: "w.md",
      dbPath,
      params: {},
      steps,
      onStep: (_step, index, total) => seen.push(index / total),
    });
    // As of hour h the table holds h + 1 rows; `for: 2 runs` fires on the second step over 3.
    expect(result.steps.map((step) => [step.alerts.many.value, step.alerts.many.state])).toEqual([
      [2, "normal"],
      [3, "normal"],
      [4, "pending"],
      [5, "firing"],
      [6, "firing"],
      [7, "firing"],
    ]);
    expect(result.steps.map((step) => step.metrics["rows{kind=all,model=m}"])).toEqual([2, 3, 4, 5, 6, 7]);
    expect(result.rules.many.episodes).toEqual([{ start: new Date(steps[3]).toISOString(), end: null, peak: 7 }]);
    expect(result.rules.other).toMatchObject({ timeFiring: 1 });
    expect(seen).toEqual([0, 1, 2, 3, 4, 5].map((i) => i / 6));
  });

  it("runs only the cells the rules and metrics read; with `rules`, only those rules'; refuses an unknown rule", async () => {
    const names = (rules?: string[]) =>
      replayedCells(WORKBOOK.analysis, rules).cells.map((cell) => cell.name ?? (cell.outputs.join() || "metric"));
    expect(names(["many"])).toEqual(["rows", "n", "many"]);
    // By default every rule and metric() series, never a cell that only displays.
    expect(names()).toEqual(["rows", "n", "metric", "unrelated", "many", "other"]);
    const result = await replayWorkbook({ workbook: WORKBOOK, id: "w.md", dbPath, params: {}, steps, rules: ["many"] });
    expect(Object.keys(result.rules)).toEqual(["many"]);
    expect(result.steps[0].metrics).toEqual({});
    expect(() => replayedCells(WORKBOOK.analysis, ["nope"])).toThrow('the workbook has no alert rule named "nope"');
  });

  it("stops when its signal aborts, rejecting with the reason", async () => {
    const controller = new AbortController();
    const replay = replayWorkbook({
      workbook: WORKBOOK,
      id: "w.md",
      dbPath,
      params: {},
      steps,
      signal: controller.signal,
      onStep: (_step, index) => index === 1 && controller.abort(new Error("the cell changed")),
    });
    await expect(replay).rejects.toThrow("the cell changed");
  });
});
