import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { Delivery } from "../../server/alerts/delivery.ts";
import { createSender } from "../../server/alerts/notify.ts";
import { AlertStore } from "../../server/alerts/state.ts";
import { workbookFromText } from "../../server/workspace/workbookFile.ts";
import { alertOutput } from "../../server/runtime/serialize.ts";
import {
  evaluateRunAlerts,
  forgetRemovedAlerts,
  runOutcome,
  workbookLink,
  type SettledCell,
} from "../../server/runs/outcome.ts";
import { suiteDatabase } from "../helpers/database.ts";
import { workbookText } from "../helpers/workbooks.ts";

const suite = suiteDatabase();

const alertCell = (name: string, value: number, condition: boolean): SettledCell => ({
  index: 1,
  kind: "alert",
  name,
  status: "fulfilled",
  ms: 2.6,
  outputs: [alertOutput({ alert: name, instances: [{ condition, value }] })],
});

describe("runOutcome", () => {
  it("keeps each cell's status and rounded time, and lists problems outside cells, then each failed cell's error", () => {
    const workbook = workbookFromText("w.md", "---\ntitle: [unclosed\n---\n\n" + workbookText("const a = 1;", "b"));
    const cells: SettledCell[] = [
      { index: 0, kind: "js", status: "fulfilled", ms: 1.4, outputs: [] },
      {
        index: 1,
        kind: "js",
        status: "rejected",
        ms: 0.6,
        outputs: [{ kind: "error", message: "b is not defined", line: 10, column: 11, cellLine: 2, cellColumn: 11 }],
      },
      {
        index: 2,
        kind: "sql",
        name: "rows",
        status: "timeout",
        outputs: [{ kind: "error", message: "took too long" }],
      },
    ];
    const outcome = runOutcome(workbook, cells);
    expect(outcome.cells).toEqual([
      { index: 0, kind: "js", status: "fulfilled", ms: 1 },
      { index: 1, kind: "js", status: "rejected", ms: 1 },
      { index: 2, kind: "sql", name: "rows", status: "timeout", ms: 0 },
    ]);
    const [frontMatter, ...cellErrors] = outcome.errors;
    expect(frontMatter).toEqual({ line: expect.any(Number), message: expect.stringMatching(/front matter/i) });
    expect(frontMatter).not.toHaveProperty("cell");
    expect(cellErrors).toEqual([
      { cellIndex: 1, line: 10, column: 11, cellLine: 2, cellColumn: 11, message: "b is not defined" },
      { cellIndex: 2, message: "took too long" },
    ]);
  });
});

describe("workbookLink", () => {
  it("links the workbook's page, each path segment encoded", () => {
    expect(workbookLink("http://127.0.0.1:3000", "team a/drift #1.md")).toBe(
      "http://127.0.0.1:3000/w/team%20a/drift%20%231.md",
    );
  });
});

describe("evaluateRunAlerts", () => {
  const text =
    '---\nowner: ml-team\nschedule: "0 * * * *"\nparams:\n  window: 24h\n---\n\n' +
    workbookText(
      "const n = 5;",
      '```alert many\nwhen: n > 3\nnotify: [log]\nmessage: "{{owner}} saw {{value}} rows in {{params.window}}"\n```',
    );
  const notifications = () =>
    new Delivery({
      db: suite.db,
      sender: createSender({ channels: { log: { type: "log", path: join(suite.dir, "alerts.log") } } }),
    });

  it("advances the rules under the workbook's identity, with its schedule, front matter and params in the notification", () => {
    const workbook = workbookFromText("/somewhere/else/w.md", text);
    const store = new AlertStore(suite.db);
    const { transitions, cells } = evaluateRunAlerts({
      workbook,
      id: "w.md",
      cells: [alertCell("many", 5, true)],
      trigger: "data",
      preview: false,
      params: { window: "7d" },
      store,
      notifications: notifications(),
      link: workbookLink("http://h", "w.md"),
    });
    expect(transitions).toEqual([
      expect.objectContaining({
        ruleId: "w.md#many",
        from: "normal",
        to: "firing",
        trigger: "data",
        notification: "pending",
      }),
    ]);
    const queued = suite.db
      .prepare("select link, alert, evaluation_interval_ms as interval from driftbook_outbox")
      .all() as { link: string; alert: string; interval: number }[];
    expect(queued).toHaveLength(1);
    expect(queued[0]).toMatchObject({ link: "http://h/w/w.md", interval: 3_600_000 });
    expect(JSON.parse(queued[0].alert).annotations.summary).toBe("ml-team saw 5 rows in 7d");
    expect(store.instances({ workbook: "w.md" })).toEqual([expect.objectContaining({ rule: "many", state: "firing" })]);
    const [output] = cells[0].outputs;
    expect(output.kind === "alert" && output.instances[0].standing).toMatchObject({
      preview: false,
      state: "firing",
      message: "ml-team saw 5 rows in 7d",
    });
  });

  it("only previews on an edit, and forgets the instances of a removed rule", () => {
    const store = new AlertStore(suite.db);
    const edited = workbookFromText("w.md", text.replace("n > 3", "n > 30"));
    const { transitions: preview, cells } = evaluateRunAlerts({
      workbook: edited,
      id: "w.md",
      cells: [alertCell("many", 5, false)],
      trigger: "edit",
      preview: true,
      params: {},
      store,
      notifications: notifications(),
    });
    expect(preview).toEqual([expect.objectContaining({ to: "normal", notification: "preview" })]);
    expect(store.instances({ workbook: "w.md" })).toEqual([expect.objectContaining({ rule: "many", state: "firing" })]);
    const [output] = cells[0].outputs;
    expect(output.kind === "alert" && output.instances[0].standing).toMatchObject({
      preview: true,
      state: "normal",
      stored: { state: "firing" },
    });

    const without = workbookFromText("w.md", workbookText("const n = 5;"));
    expect(forgetRemovedAlerts({ workbook: without, id: "w.md", store, trigger: "edit" })).toEqual([
      expect.objectContaining({ rule: "many", from: "firing", to: "normal", reason: "rule removed from the workbook" }),
    ]);
    expect(store.instances({ workbook: "w.md" })).toEqual([]);
    expect(
      evaluateRunAlerts({
        workbook: without,
        id: "w.md",
        cells: [],
        trigger: "data",
        preview: false,
        params: {},
        store,
        notifications: notifications(),
      }).transitions,
    ).toEqual([]);
  });
});
