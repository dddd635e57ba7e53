// workbooks/credit-performance.md run headless (`driftbook run`, a real child process) over the
// seeded demo data: seven days whose labels arrive 6 to 30 hours late, drifted from day five, and
// the current day's first predictions. Checks what the workbook claims: the estimate tracks the
// realized accuracy, the days still waiting for labels are estimated only, the alert reads the
// estimate, the concept-drift detector runs over the labelled days, and the outlier share per day.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import Database from "better-sqlite3";
import { DAY_MS, DRIFT_START_DAY } from "../../server/demo/credit.ts";
import { DEMO_HISTORY_DAYS, DEMO_ROWS_PER_DAY } from "../../server/demo/seed.ts";
import type { HtmlOutput, JsonOutput, SvgOutput, TableOutput } from "../../server/protocol/index.ts";
import type { CliResult } from "../helpers/cli.ts";
import { TODAY, demoWorkbook, isoDay, type DemoWorkbook } from "../helpers/demoWorkbook.ts";

type Output = HtmlOutput | JsonOutput | SvgOutput | TableOutput;

let demo: DemoWorkbook;
let db: string;
let run: CliResult;
let outputs: Output[];
const today = TODAY;
const LIVE_ROWS = 30;

beforeAll(async () => {
  demo = await demoWorkbook("credit-performance.md", { todayRows: LIVE_ROWS });
  db = demo.db;
  ({ run, outputs } = (await demo.run()) as { run: CliResult; outputs: Output[] });
}, 180_000);
afterAll(async () => {
  await demo?.cleanup();
});

function table(...names: string[]): TableOutput {
  const found = outputs.find(
    (output): output is TableOutput =>
      output.kind === "table" && JSON.stringify(output.columns.map((column) => column.name)) === JSON.stringify(names),
  );
  if (!found) throw new Error(`no table with columns ${names.join(", ")}`);
  return found;
}

/** Rows of a table output as objects keyed by column name. */
function records(output: TableOutput): Record<string, unknown>[] {
  return output.rows.map((row) => Object.fromEntries(output.columns.map((column, i) => [column.name, row[i]])));
}

/** Per UTC day from the rows themselves: predictions, labels, and accuracy over the labelled rows. */
function rawDays(): { day: string; predictions: number; labelled: number; accuracy: number | null }[] {
  const raw = new Database(db, { readonly: true });
  try {
    return raw
      .prepare(
        `select strftime('%Y-%m-%d', ts / 1000, 'unixepoch') as day, count(*) as predictions, count(label) as labelled,
                avg(case when label is null then null when prediction = label then 1.0 else 0.0 end) as accuracy
         from credit group by day order by day`,
      )
      .all() as { day: string; predictions: number; labelled: number; accuracy: number | null }[];
  } finally {
    raw.close();
  }
}

const DAY_COLUMNS = [
  "day",
  "predictions",
  "labelled",
  "figures",
  "estimated accuracy",
  "realized accuracy",
  "estimated ROC AUC",
  "realized ROC AUC",
];

describe("the credit performance workbook over the demo days", () => {
  it("runs every cell headless", () => {
    expect(run.stderr).toBe("");
    expect(run.stdout).toMatch(/(\d+) of \1 cells fulfilled/);
  });

  it("gives each day's realized accuracy where every label is in, and says which days are estimated only", () => {
    const days = records(table(...DAY_COLUMNS));
    const expected = rawDays();
    expect(days.map((d) => d.day)).toEqual([
      ...Array.from({ length: DEMO_HISTORY_DAYS }, (_, i) => isoDay(today - (DEMO_HISTORY_DAYS - i) * DAY_MS)),
      isoDay(today),
    ]);
    days.forEach((d, i) => {
      expect([d.predictions, d.labelled]).toEqual([expected[i].predictions, expected[i].labelled]);
      const complete = expected[i].labelled === expected[i].predictions;
      expect(d.figures).toBe(
        complete
          ? "realized"
          : expected[i].labelled > 0
            ? "estimated only (partly labelled)"
            : "estimated only (no labels yet)",
      );
      if (complete) expect(d["realized accuracy"] as number).toBeCloseTo(expected[i].accuracy!, 12);
      else expect([d["realized accuracy"], d["realized ROC AUC"]]).toEqual([null, null]);
    });
    // Labels arrive 6–30 hours late: the demo's last two days are still partly unlabelled, today has none.
    expect(days.map((d) => d.figures)).toEqual([
      ...Array(DEMO_HISTORY_DAYS - 2).fill("realized"),
      "estimated only (partly labelled)",
      "estimated only (partly labelled)",
      "estimated only (no labels yet)",
    ]);
    expect(days[DEMO_HISTORY_DAYS].predictions).toBe(LIVE_ROWS);
  });

  it("estimates accuracy within its band of the realized accuracy on the labelled days, and follows the drift down", () => {
    const reconciled = records(table("day", "estimate", "realized", "error", "withinBand"));
    expect(reconciled).toHaveLength(DEMO_HISTORY_DAYS - 2);
    for (const day of reconciled) {
      expect(day.withinBand).toBe(true);
      expect(Math.abs(day.error as number)).toBeLessThan(0.03);
    }
    // The inputs drift from day five and the scores with them: the estimate falls where the realized accuracy does.
    const days = records(table(...DAY_COLUMNS)).slice(0, DEMO_HISTORY_DAYS);
    const mean = (values: unknown[]) => values.reduce((s: number, v) => s + (v as number), 0) / values.length;
    const before = mean(days.slice(0, DRIFT_START_DAY - 1).map((d) => d["estimated accuracy"]));
    const after = mean(days.slice(DRIFT_START_DAY - 1).map((d) => d["estimated accuracy"]));
    expect(before - after).toBeGreaterThan(0.02);
    const html = outputs
      .filter((o): o is HtmlOutput => o.kind === "html")
      .map((o) => o.html)
      .join("\n");
    expect(html).toContain(`within the estimate's band on ${reconciled.length} of ${reconciled.length} labelled days`);
  });

  it("draws estimated and realized accuracy and ROC AUC per day, shading the days estimated only", () => {
    const charts = outputs.filter((o): o is SvgOutput => o.kind === "svg" && o.svg.includes("estimated only"));
    expect(charts.map((chart) => (chart.svg.includes("ROC AUC") ? "roc_auc" : "accuracy"))).toEqual([
      "accuracy",
      "roc_auc",
    ]);
    for (const chart of charts) expect(chart.svg.match(/>estimated only</g)).toHaveLength(3);
  });

  it("runs the calibrated concept-drift detector over the labelled predictions, with no alarm before the drift", () => {
    const concept = outputs.find(
      (o): o is JsonOutput => o.kind === "json" && typeof (o.value as { drift?: unknown })?.drift === "boolean",
    )!.value as { drift: boolean; detectedTs: number | null; statistic: number; threshold: number };
    expect(Number.isFinite(concept.threshold)).toBe(true);
    const driftStart = today - (DEMO_HISTORY_DAYS - DRIFT_START_DAY + 1) * DAY_MS;
    if (concept.drift) expect(concept.detectedTs).toBeGreaterThanOrEqual(driftStart);
    // The error rate's rise is the inputs' doing, which the estimate foresaw: the concept-drift rule stays quiet.
    expect(run.stdout).not.toMatch(/#concept-drift: normal → firing/);
  });

  it("alerts on the newest judged day's estimate crossing its threshold", () => {
    const days = records(table(...DAY_COLUMNS));
    const judged = days.filter((d) => (d.predictions as number) >= 500);
    expect(judged.at(-1)!.day).toBe(isoDay(today - DAY_MS));
    expect(run.stdout).toMatch(/credit-performance\.md#accuracy-estimated-low: normal → firing/);
    expect(run.code).toBe(1);
  });

  it("gives the outlier share per day, about the reference's 1% before the drift, and records it as a metric", () => {
    const shares = records(table("day", "predictions", "outliers", "share"));
    expect(shares.map((d) => d.predictions)).toEqual(rawDays().map((d) => d.predictions));
    for (const d of shares.slice(0, DRIFT_START_DAY - 1)) expect(d.share as number).toBeLessThan(0.03);
    for (const d of shares) expect(d.outliers).toBe(Math.round((d.share as number) * (d.predictions as number)));
    const raw = new Database(db, { readonly: true });
    try {
      const points = raw
        .prepare(
          "select value from driftbook_metric_points where workbook = 'credit-performance.md' and name = 'outlier_share'",
        )
        .all() as { value: number }[];
      expect(points).toHaveLength(1);
      expect(points[0].value).toBeGreaterThanOrEqual(0);
      expect(points[0].value).toBeLessThanOrEqual(1);
    } finally {
      raw.close();
    }
    expect(DEMO_ROWS_PER_DAY).toBe(shares[0].predictions);
  });
});
