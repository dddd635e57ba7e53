import { execFileSync } from "node:child_process";
import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Delivery } from "../../server/alerts/delivery.ts";
import { createSender } from "../../server/alerts/notify.ts";
import { workbookFromText } from "../../server/workspace/workbookFile.ts";
import { executeRun, type ExecuteOptions } from "../../server/runs/execute.ts";
import { RunStore } from "../../server/runs/store.ts";
import { openDatabase, type Db } from "../../server/store/db.ts";
import { storedReport, storeReport } from "../../server/runs/reports.ts";
import { tempDir, workbookText } from "../helpers/workbooks.ts";

let dir: string;
let cleanup: () => Promise<void>;
let db: Db;
let dbPath: string;
beforeAll(async () => {
  ({ dir, cleanup } = await tempDir());
  dbPath = join(dir, "driftbook.db");
  db = openDatabase(dbPath);
});
afterAll(async () => {
  db.close();
  await cleanup();
});

const TEXT =
  "---\nparams:\n  n: 2\n---\n\n" +
  workbookText(
    'metric("share", params.n / 10, {labels: {feature: "income"}});',
    'const history = metrics("share", {labels: {feature: "income"}});',
    "history.numRows()",
    "```alert high\nwhen: params.n > 3\n```",
  );

function run(params: Record<string, unknown>, keep = 2) {
  return executeRun({
    workbook: workbookFromText("m.md", TEXT),
    id: "m.md",
    file: join(dir, "m.md"),
    params,
    trigger: "manual",
    production: true,
    db,
    dbPath,
    notifications: new Delivery({ db, sender: createSender({ channels: {} }) }),
    reports: { keep },
  });
}

/** Runs and records the workbook `text` as `id`, with no alert channels. */
function executeText(id: string, text: string, options: Partial<ExecuteOptions> = {}) {
  const notifications = new Delivery({ db, sender: createSender({ channels: {} }) });
  return executeRun({
    workbook: workbookFromText(id, text),
    id,
    file: join(dir, id),
    params: {},
    trigger: "manual",
    production: true,
    db,
    dbPath,
    notifications,
    ...options,
  });
}

describe("executeRun", () => {
  it("records the run, its metric points, its alert transitions and its report; metrics() reads earlier runs", async () => {
    const first = await run({ n: 2 });
    expect(first.record).toMatchObject({
      workbook: "m.md",
      version: expect.stringMatching(/^[0-9a-f]{16}$/),
      params: { n: 2 },
      trigger: "manual",
      status: "ok",
      errors: [],
      alerts: [],
    });
    expect(first.record.gitCommit).toBeUndefined();
    expect(first.record.startedAt).toBeGreaterThan(Date.now() - 60_000);
    expect(first.record.cells.map((cell) => cell.status)).toEqual(["fulfilled", "fulfilled", "fulfilled", "fulfilled"]);
    expect(first.record.cells.every((cell) => typeof cell.ms === "number")).toBe(true);
    expect(first.report.cells[2].outputs).toEqual([{ kind: "json", value: 0 }]);
    expect(first.record.reportPath).toBe(`/api/v1/runs/${first.record.id}/report`);
    const stored = storedReport(db, first.record.id)!;
    expect(stored).toContain("<dt>Params</dt><dd>n = 2</dd><dt>Trigger</dt><dd>run now · production run</dd>");

    const second = await run({ n: 5 });
    expect(second.report.cells[2].outputs).toEqual([{ kind: "json", value: 1 }]);
    expect(second.record.alerts).toEqual([
      expect.objectContaining({ ruleId: "m.md#high", from: "normal", to: "firing" }),
    ]);
    expect(second.firing).toHaveLength(1);
    const third = await run({ n: 1 });
    expect(third.report.cells[2].outputs).toEqual([{ kind: "json", value: 2 }]);
    const points = db.prepare("select run_id as run, value, labels from driftbook_metric_points order by id").all();
    expect(points).toEqual([
      { run: first.record.id, value: 0.2, labels: '{"feature":"income"}' },
      { run: second.record.id, value: 0.5, labels: '{"feature":"income"}' },
      { run: third.record.id, value: 0.1, labels: '{"feature":"income"}' },
    ]);
  });

  it("keeps the newest reports of each workbook and deletes the others", async () => {
    const runs = new RunStore(db);
    const before = runs.list("m.md").runs;
    const latest = await run({ n: 2 }, 2);
    const { runs: after } = runs.list("m.md");
    expect(after[0].id).toBe(latest.record.id);
    expect(after.filter((record) => record.reportPath).map((record) => record.id)).toEqual([
      latest.record.id,
      before[0].id,
    ]);
    for (const old of before.slice(1)) expect(storedReport(db, old.id)).toBeUndefined();
  });

  it("deletes stored reports older than keepDays even within keep", async () => {
    const runs = new RunStore(db);
    const day = 86_400_000;
    const now = Date.parse("2026-11-26T12:00:00Z");
    const record = (startedAt: number) =>
      runs.insert({
        workbook: "aged.md",
        version: "x",
        params: {},
        trigger: "schedule",
        production: true,
        startedAt,
        durationMs: 1,
        status: "ok",
        cells: [],
        errors: [],
        alerts: [],
      });
    const storage = { keep: 10, keepDays: 7 };
    const old = record(now - 9 * day);
    storeReport(db, { id: old, workbook: "aged.md" }, "<p>old</p>", storage, now - 9 * day);
    const recent = record(now - 2 * day);
    storeReport(db, { id: recent, workbook: "aged.md" }, "<p>recent</p>", storage, now - 2 * day);
    expect(runs.get(old)?.reportPath).toBeDefined();
    const today = record(now);
    storeReport(db, { id: today, workbook: "aged.md" }, "<p>today</p>", storage, now);
    expect(runs.get(old)?.reportPath).toBeUndefined();
    expect(storedReport(db, old)).toBeUndefined();
    expect(storedReport(db, recent)).toBe("<p>recent</p>");
    expect(runs.get(today)?.reportPath).toBe(`/api/v1/runs/${today}/report`);
  });

  it("records the commit that last changed the workbook when its folder is a git repository", async () => {
    const repo = await tempDir();
    try {
      const git = (...args: string[]) => execFileSync("git", args, { cwd: repo.dir, encoding: "utf8" }).trim();
      git("init", "-q");
      git("config", "user.name", "Test");
      git("config", "user.email", "test@example.com");
      git("config", "commit.gpgsign", "false");
      const file = join(repo.dir, "g.md");
      await writeFile(file, TEXT);
      git("add", "g.md");
      git("commit", "-q", "-m", "add g");
      const committed = git("rev-parse", "HEAD");
      await writeFile(join(repo.dir, "other.md"), "x");
      git("add", "other.md");
      git("commit", "-q", "-m", "another file");
      const execute = (text: string) => executeText("g.md", text, { file, trigger: "cli" });
      const clean = await execute(TEXT);
      expect(clean.record.gitCommit).toBe(committed);
      await writeFile(file, TEXT + "\nedited\n");
      const edited = await execute(TEXT + "\nedited\n");
      expect(edited.record.gitCommit).toBe(committed);
      expect(edited.record.version).not.toBe(clean.record.version);
    } finally {
      await repo.cleanup();
    }
  });

  it("refuses an as-of run asked to be a production run, recording nothing", async () => {
    const before = new RunStore(db).list("asof.md").total;
    await expect(executeText("asof.md", workbookText("1"), { asOf: Date.now() - 1000 })).rejects.toThrow(
      "an as-of run is a what-if: it cannot be a production run (production: false)",
    );
    expect(new RunStore(db).list("asof.md").total).toBe(before);
  });

  it("records the run as running from its start, under the id it ends with", async () => {
    const runs = new RunStore(db);
    let seen: unknown;
    const { record } = await executeText("started.md", workbookText("1 + 1"), {
      onStart: (runId) => (seen = runs.get(runId)),
    });
    expect(seen).toMatchObject({ id: record.id, workbook: "started.md", status: "running", durationMs: 0, cells: [] });
    expect(record).toMatchObject({ status: "ok", cells: [{ status: "fulfilled" }] });
  });

  it("stops a run past its time limit and records a timeout", async () => {
    const { record } = await executeText(
      "slow.md",
      workbookText("await new Promise((resolve) => setTimeout(resolve, 5000));"),
      { trigger: "schedule", timeoutMs: 300 },
    );
    expect(record.status).toBe("timeout");
    expect(record.durationMs).toBeLessThan(3000);
    expect(record.errors.at(-1)?.message).toMatch(/time limit of 0.3 s/);
  });

  it("records a run stopped by a shutdown as interrupted with the reason, and moves no alert", async () => {
    const stop = new AbortController();
    setTimeout(() => stop.abort("the server shut down"), 300);
    const text = workbookText(
      "await new Promise((resolve) => setTimeout(resolve, 5000));",
      "```alert stuck\nwhen: true\n```",
    );
    const { record, transitions } = await executeText("cut.md", text, { trigger: "schedule", signal: stop.signal });
    expect(record.status).toBe("interrupted");
    expect(record.durationMs).toBeLessThan(3000);
    expect(record.errors.at(-1)).toEqual({
      message: "the run was interrupted before it finished: the server shut down",
    });
    expect(transitions).toEqual([]);
    expect(new RunStore(db).lastStart("cut.md")).toBeUndefined(); // so the schedule catches it up after a restart
  });
});
