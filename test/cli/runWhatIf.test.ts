/**
 * What-if runs of `driftbook run` (server/runs/production.ts): with `--param` values other than
 * the front matter's, a run previews its alert rules from the stored state — in its output, its
 * `--json` and `--html` — but moves no alert, notifies nobody and records no metric point; its
 * run record says so. `--alerts` makes it a production run. A real CLI process, a real database.
 */
import { existsSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { AlertStore } from "../../server/alerts/state.ts";
import type { AlertOutput, Provenance } from "../../server/protocol/index.ts";
import type { RunReport } from "../../server/runtime/runWorkbook.ts";
import { RunStore } from "../../server/runs/store.ts";
import { openDatabase } from "../../server/store/db.ts";
import { driftbook, runInFolder } from "../helpers/cli.ts";
import { tempDir, workbookText, writeFiles } from "../helpers/workbooks.ts";

let dir: string;
let cleanup: () => Promise<void>;
beforeAll(async () => {
  ({ dir, cleanup } = await tempDir());
  await writeFiles(dir, {
    "gate.md":
      "---\nparams:\n  threshold: 3\n---\n\n" +
      workbookText(
        "const n = 5;",
        'metric("n", n)',
        '```alert high\nwhen: n > params.threshold\nfor: 2 runs\nnotify: [log]\nmessage: "{{value}} over {{params.threshold}}"\n```',
      ),
    "driftbook.config.json": JSON.stringify({ channels: { log: { type: "log", path: join(dir, "alerts.log") } } }),
  });
});
afterAll(() => cleanup());

const run = (...args: string[]) => runInFolder(dir, "gate", ...args);

/** The stored state of the rule, the runs' records (oldest first) and the metric points. */
function stored() {
  const db = openDatabase(join(dir, "gate.db"));
  try {
    const [instance] = new AlertStore(db).instances({ workbook: "gate.md" });
    const runs = new RunStore(db).list("gate.md").runs.reverse();
    const points = db.prepare("select value from driftbook_metric_points").all();
    return { instance, runs, points };
  } finally {
    db.close();
  }
}

async function shownStanding() {
  const report = JSON.parse(await readFile(join(dir, "out.json"), "utf8")) as RunReport;
  const output = report.cells[2].outputs[0] as AlertOutput;
  return output.instances[0].standing;
}

describe("driftbook run --param (a what-if)", () => {
  it("previews the rules from the stored state and leaves it untouched; --alerts makes it production", async () => {
    const first = await run();
    expect(first.code).toBe(0);
    expect(await shownStanding()).toMatchObject({ preview: false, state: "pending", pendingCount: 1 });
    expect(await readFile(join(dir, "out.html"), "utf8")).toContain(
      "pending 1/2 · would fire after 1 more run · value 5 — 5 over 3",
    );
    expect(stored().instance).toMatchObject({ state: "pending", pendingCount: 1 });

    const whatIf = await run("--param", "threshold=4");
    expect(whatIf.stdout).toContain("what-if run: alert rules previewed from the stored state");
    expect(whatIf.stdout).toContain("alert   gate.md#high: would be pending → firing");
    expect(whatIf.code).toBe(1); // it would fire
    expect(await shownStanding()).toMatchObject({
      preview: true,
      state: "firing",
      stored: { state: "pending", pendingCount: 1 },
      message: "5 over 4",
    });
    expect(await readFile(join(dir, "out.html"), "utf8")).toContain(
      "preview: would fire · stored: pending 1/2 · value 5 — 5 over 4",
    );
    const { provenance } = JSON.parse(await readFile(join(dir, "out.json"), "utf8")) as { provenance: Provenance };
    expect(provenance).toMatchObject({ trigger: "cli", production: false, params: { threshold: 4 } });
    expect(await readFile(join(dir, "out.html"), "utf8")).toContain("driftbook run · what-if run");
    const after = stored();
    expect(after.instance).toMatchObject({ state: "pending", pendingCount: 1 });
    expect(after.runs.map((record) => record.production)).toEqual([true, false]);
    expect(after.runs[1].alerts).toEqual([
      expect.objectContaining({ from: "pending", to: "firing", notification: "preview" }),
    ]);
    expect(after.points).toEqual([{ value: 5 }]); // the what-if recorded none
    expect(existsSync(join(dir, "alerts.log"))).toBe(false);

    const production = await run("--param", "threshold=4", "--alerts");
    expect(production.code).toBe(1);
    expect(production.stdout).toContain("alert   gate.md#high: pending → firing");
    expect(stored().instance).toMatchObject({ state: "firing" });
    expect(stored().runs.map((record) => record.production)).toEqual([true, false, true]);
    expect(await readFile(join(dir, "alerts.log"), "utf8")).toContain('"status":"firing"');
  }, 60_000);

  it("refuses --alerts with --all", async () => {
    const result = await driftbook(["run", "--all", "--alerts", "--workbooks", dir, "--db", join(dir, "all.db")]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain("--all takes no workbook, --param, --rev, --alerts, --as-of, --json or --html");
  });
});
