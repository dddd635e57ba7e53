import { describe, expect, it, onTestFinished } from "vitest";
import { readFile, symlink, writeFile, mkdir } from "node:fs/promises";
import { join } from "node:path";
import { AlertStore, type StoredInstance } from "../../server/alerts/state.ts";
import { RunStore } from "../../server/runs/store.ts";
import { ShareStore } from "../../server/shares/store.ts";
import { ConflictError, PathError, Workspace, versionOf } from "../../server/workspace/workspace.ts";
import { WorkbookMoves } from "../../server/workspace/workbookMove.ts";
import { ENGINES, openedDatabase } from "../helpers/engines.ts";
import { tempDir } from "../helpers/workbooks.ts";

const T = 1_700_000_000_000;
const TEXT =
  "---\ntitle: Daily\n---\n\n```alert drift # the inputs\nwhen: true\n```\n\n```alert other\nwhen: false\n```\n";

const instance = (workbook: string, rule: string): StoredInstance => ({
  ruleId: `${workbook}#${rule}`,
  workbook,
  rule,
  instance: "",
  labels: { alertname: rule, workbook, team: "ml" },
  state: "firing",
  since: T,
  pendingCount: 2,
  activeSince: T,
  lastValue: 0.4,
  lastEvaluatedAt: T,
  lastNotifiedAt: T,
  definitionHash: "abc",
});

describe.each(ENGINES)("renames with their stored state on %s", (engine) => {
  const database = openedDatabase(engine, "each");

  /** A workbooks folder holding daily.md, and every store seeded with state under its path and its rule `drift`. */
  async function seeded() {
    const { dir, cleanup } = await tempDir();
    onTestFinished(cleanup);
    await writeFile(join(dir, "daily.md"), TEXT);
    const { db } = database;
    const alerts = new AlertStore(db);
    const shares = new ShareStore(db);
    const runs = new RunStore(db);
    const moves = new WorkbookMoves(new Workspace(dir), db, shares);
    const drift = instance("daily.md", "drift");
    alerts.save({
      upserts: [drift, instance("daily.md", "other"), instance("elsewhere.md", "drift")],
      deletes: [],
      history: [
        {
          ...drift,
          from: "pending",
          to: "firing",
          value: 0.4,
          at: T,
          trigger: "data",
          notification: "sent",
          attempts: 1,
        },
      ],
    });
    const silence = (matchers: { name: string; value: string }[]) =>
      alerts.createSilence({
        matchers: matchers.map((matcher) => ({ ...matcher, op: "=" as const })),
        startsAt: T,
        endsAt: T + 3_600_000,
        comment: "deploy",
        createdAt: T,
      });
    silence([
      { name: "alertname", value: "drift" },
      { name: "workbook", value: "daily.md" },
    ]);
    silence([{ name: "alertname", value: "drift" }]);
    const base = { version: "v", params: {}, trigger: "schedule" as const, production: true };
    runs.insert(
      { ...base, workbook: "daily.md", startedAt: T, durationMs: 5, status: "ok", cells: [], errors: [], alerts: [] },
      [{ name: "share", labels: {}, value: 0.25, at: T }],
    );
    const { token } = shares.create("daily.md", 86_400_000, T);
    return { dir, alerts, shares, runs, moves, token };
  }

  it("moves a workbook with its runs, metric points, alert state, history, silences and share links", async () => {
    const { dir, alerts, shares, runs, moves, token } = await seeded();
    const moved = await moves.move("daily.md", "team/renamed.md");
    expect(moved).toEqual({ runs: 1, instances: 2, history: 1, silences: 1 });
    expect(await readFile(join(dir, "team/renamed.md"), "utf8")).toBe(TEXT);
    await expect(readFile(join(dir, "daily.md"))).rejects.toThrow(/ENOENT/);
    expect(runs.list("team/renamed.md").runs).toHaveLength(1);
    expect(runs.list("daily.md").runs).toHaveLength(0);
    expect(runs.points("team/renamed.md")).toMatchObject([{ name: "share", value: 0.25 }]);
    const [firing] = alerts.instances({ ruleId: "team/renamed.md#drift" });
    expect(firing).toMatchObject({
      state: "firing",
      activeSince: T,
      labels: { alertname: "drift", workbook: "team/renamed.md", team: "ml" },
    });
    expect(alerts.instances({ workbook: "daily.md" })).toEqual([]);
    expect(alerts.instances({ workbook: "elsewhere.md" })).toHaveLength(1);
    expect(alerts.history({ workbook: "team/renamed.md", limit: 5 }).entries).toMatchObject([
      { ruleId: "team/renamed.md#drift", to: "firing" },
    ]);
    expect(alerts.silences(T).map((silence) => silence.matchers)).toContainEqual([
      { name: "alertname", op: "=", value: "drift" },
      { name: "workbook", op: "=", value: "team/renamed.md" },
    ]);
    expect(shares.resolve(token, T)?.workbook).toBe("team/renamed.md");
  });

  it("renames an alert rule in its fence and moves its state, history and silences in the same step", async () => {
    const { dir, alerts, moves } = await seeded();
    const text = TEXT.replace("```alert drift # the inputs", "```alert inputs-drifted # the inputs");
    const renamed = await moves.renameRule("daily.md", {
      from: "drift",
      to: "inputs-drifted",
      text,
      version: versionOf(TEXT),
    });
    expect(renamed).toEqual({ version: versionOf(text), moved: { instances: 1, history: 1, silences: 2 } });
    expect(await readFile(join(dir, "daily.md"), "utf8")).toBe(text);
    expect(alerts.instances({ ruleId: "daily.md#inputs-drifted" })).toMatchObject([
      { rule: "inputs-drifted", state: "firing", labels: { alertname: "inputs-drifted", workbook: "daily.md" } },
    ]);
    expect(alerts.instances({ ruleId: "daily.md#drift" })).toEqual([]);
    expect(alerts.instances({ ruleId: "daily.md#other" })).toHaveLength(1);
    expect(alerts.instances({ ruleId: "elsewhere.md#drift" })).toHaveLength(1);
    expect(alerts.history({ ruleId: "daily.md#inputs-drifted", limit: 5 }).entries).toHaveLength(1);
    // The scoped silence is rewritten; the one for every workbook keeps the old name and gains a copy scoped here.
    expect(alerts.silences(T).map((silence) => silence.matchers)).toEqual(
      expect.arrayContaining([
        [
          { name: "alertname", op: "=", value: "inputs-drifted" },
          { name: "workbook", op: "=", value: "daily.md" },
        ],
        [{ name: "alertname", op: "=", value: "drift" }],
      ]),
    );
    expect(alerts.silences(T)).toHaveLength(3);
  });

  it("refuses a stale version, a move over a file and out of the folder, and changes nothing stored", async () => {
    const { dir, alerts, runs, moves } = await seeded();
    await expect(
      moves.renameRule("daily.md", { from: "drift", to: "x", text: "changed", version: "0000000000000000" }),
    ).rejects.toBeInstanceOf(ConflictError);
    await writeFile(join(dir, "taken.md"), "# taken\n");
    await expect(moves.move("daily.md", "taken.md")).rejects.toBeInstanceOf(ConflictError);
    await expect(moves.move("daily.md", "../out.md")).rejects.toBeInstanceOf(PathError);
    const { dir: outside, cleanup } = await tempDir();
    onTestFinished(cleanup);
    await mkdir(join(outside, "real"));
    await symlink(join(outside, "real"), join(dir, "link"));
    await expect(moves.move("daily.md", "link/escaped.md")).rejects.toThrow(/outside the workbooks folder/);
    expect(await readFile(join(dir, "daily.md"), "utf8")).toBe(TEXT);
    expect(await readFile(join(dir, "taken.md"), "utf8")).toBe("# taken\n");
    expect(alerts.instances({ workbook: "daily.md" })).toHaveLength(2);
    expect(runs.list("daily.md").runs).toHaveLength(1);
    expect(runs.list("taken.md").runs).toHaveLength(0);
  });
});
