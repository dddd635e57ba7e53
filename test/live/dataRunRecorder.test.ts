import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { AlertStore } from "../../server/alerts/state.ts";
import { DataRunRecorder, type FinishedDataRun } from "../../server/live/dataRunRecorder.ts";
import { RunStore } from "../../server/runs/store.ts";
import { suiteDatabase } from "../helpers/database.ts";

const suite = suiteDatabase();

function finishedDataRun(at: number, value: number, overrides: Partial<FinishedDataRun> = {}): FinishedDataRun {
  return {
    startedAt: at,
    durationMs: 12,
    version: "abc",
    params: {},
    cells: [{ index: 0, kind: "js", status: "fulfilled", ms: 3 }],
    errors: [],
    points: [
      { name: "share", value, labels: {}, at },
      { name: "share", value: value * 10, labels: { feature: "income" }, at },
    ],
    ...overrides,
  };
}

describe("DataRunRecorder", () => {
  it("writes the first re-run at once and coalesces the next ones into one record per interval", async () => {
    let now = 1_000_000;
    const runs = new RunStore(suite.db);
    const recorder = new DataRunRecorder({
      runs,
      alerts: new AlertStore(suite.db),
      workbook: "a.md",
      file: join(suite.dir, "a.md"),
      intervalMs: 60_000,
      now: () => now,
    });
    recorder.add(finishedDataRun(now, 0.1));
    await recorder.flush();
    expect(runs.list("a.md").total).toBe(1);

    for (const value of [0.2, 0.3, 0.4]) recorder.add(finishedDataRun((now += 1000), value));
    expect(runs.list("a.md").total).toBe(1);
    await recorder.flush();
    const { runs: records } = runs.list("a.md");
    expect(records).toHaveLength(2);
    expect(records[0]).toMatchObject({ trigger: "data", status: "ok", startedAt: now, durationMs: 12, version: "abc" });
    expect(records[0].gitCommit).toBeUndefined();
    const points = suite.db
      .prepare("select run_id as run, value, labels from driftbook_metric_points where workbook = 'a.md' order by id")
      .all();
    expect(points).toEqual([
      { run: records[1].id, value: 0.1, labels: "{}" },
      { run: records[1].id, value: 1, labels: '{"feature":"income"}' },
      { run: records[0].id, value: 0.4, labels: "{}" },
      { run: records[0].id, value: 4, labels: '{"feature":"income"}' },
    ]);
  });

  it("writes a coalesced record when the interval ends, with the alert transitions of the interval", async () => {
    const runs = new RunStore(suite.db);
    const alerts = new AlertStore(suite.db);
    const recorder = new DataRunRecorder({
      runs,
      alerts,
      workbook: "b.md",
      file: join(suite.dir, "b.md"),
      intervalMs: 150,
    });
    recorder.add(finishedDataRun(Date.now(), 0.1));
    await recorder.flush();
    const start = Date.now();
    const transition = {
      ruleId: "b.md#high",
      workbook: "b.md",
      rule: "high",
      instance: "",
      labels: {},
      from: "normal",
      to: "firing",
      value: 1,
      trigger: "data",
      notification: "none",
      attempts: 0,
    } as const;
    alerts.save({
      upserts: [],
      deletes: [],
      history: [
        { ...transition, at: start },
        { ...transition, at: start, trigger: "edit" },
      ],
    });
    recorder.add(
      finishedDataRun(start, 0.9, {
        cells: [{ index: 0, kind: "js", status: "rejected", ms: 1 }],
        errors: [{ cellIndex: 0, message: "boom" }],
      }),
    );
    await expect.poll(() => runs.list("b.md").total, { timeout: 2000 }).toBe(2);
    const [latest] = runs.list("b.md").runs;
    expect(latest).toMatchObject({ status: "failed", errors: [{ cellIndex: 0, message: "boom" }] });
    expect(latest.alerts).toEqual([expect.objectContaining({ ruleId: "b.md#high", to: "firing", trigger: "data" })]);
  });

  it("records a re-run cut short by the workbook's close as interrupted, with the reason, once flushed", async () => {
    let now = 2_000_000;
    const runs = new RunStore(suite.db);
    const recorder = new DataRunRecorder({
      runs,
      alerts: new AlertStore(suite.db),
      workbook: "c.md",
      file: join(suite.dir, "c.md"),
      intervalMs: 60_000,
      now: () => now,
    });
    recorder.add(finishedDataRun(now, 0.1));
    await recorder.flush();
    recorder.add(finishedDataRun((now += 1000), 0.2)); // within the interval: waits for it
    recorder.stop("the server shut down");
    recorder.add(finishedDataRun((now += 1000), 0.3, { cells: [{ index: 0, kind: "js", status: "running", ms: 0 }] }));
    expect(runs.list("c.md").total).toBe(1);
    await recorder.flush();
    const { runs: records } = runs.list("c.md");
    expect(records).toHaveLength(2);
    expect(records[0]).toMatchObject({
      status: "interrupted",
      cells: [{ index: 0, status: "running" }],
      errors: [{ message: "the run was interrupted before it finished: the server shut down" }],
    });
    const points = suite.db
      .prepare("select value from driftbook_metric_points where run_id = ? and labels = '{}'")
      .all(records[0].id);
    expect(points).toEqual([{ value: 0.3 }]);
  });
});
