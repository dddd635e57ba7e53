import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { join } from "node:path";
import type { RunningServer } from "../../server/compose.ts";
import { driftbook } from "../helpers/cli.ts";
import { startMlflowRecorder, type MlflowRecorder } from "../helpers/mlflowRecorder.ts";
import { startServerWith } from "../helpers/server.ts";
import { workbookText } from "../helpers/workbooks.ts";

// One run records 1 + k points: enough to need two log-batch requests when k is 1200.
const WORKBOOK =
  "---\nmodel: credit\nparams:\n  n: 2\n  k: 3\n---\n\n" +
  workbookText(
    'metric("share", params.n / 10, {labels: {feature: "in/come"}})',
    'for (let i = 0; i < params.k; i++) metric("bin", i, {labels: {bin: i}})',
  );

let server: RunningServer;
let dir: string;
let closeServer: () => Promise<void>;
let mlflow: MlflowRecorder;

beforeAll(async () => {
  ({ server, dir, close: closeServer } = await startServerWith({ "drift.md": WORKBOOK }));
  mlflow = await startMlflowRecorder();
});
afterAll(async () => {
  await closeServer();
  await mlflow.close();
});

/** A production run of drift.md with these params, recorded by the server. */
async function record(params: { n: number; k: number }): Promise<number> {
  const response = await fetch(`${server.url}/api/v1/workbooks/drift.md/runs`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ params, alerts: true }),
  });
  expect(response.status).toBe(201);
  return ((await response.json()) as { id: number }).id;
}

const exportNow = (...more: string[]) =>
  driftbook([
    "export",
    "mlflow",
    "--tracking-uri",
    mlflow.url,
    "--db",
    join(dir, "driftbook.db"),
    "--workbooks",
    dir,
    join(dir, "drift.md"),
    ...more,
  ]);

const storedPoints = () =>
  server.store.db.prepare("select count(*) from driftbook_metric_points where workbook = 'drift.md'").pluck().get();

describe("driftbook export mlflow", () => {
  it("creates the experiment and one run for the workbook and model, each Driftbook run a step, in batches of at most 1000", async () => {
    const first = await record({ n: 2, k: 1200 });
    const second = await record({ n: 3, k: 3 });
    const result = await exportNow();
    expect(result.stderr).toBe("");
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(
      /^drift\.md: 1205 new points sent in 2 batches to MLflow run \w+ \(created\) of experiment "driftbook"/,
    );
    expect(mlflow.violations).toEqual([]);
    expect(mlflow.calls).toEqual([
      "GET experiments/get-by-name",
      "POST experiments/create",
      "POST runs/create",
      "POST runs/log-batch",
      "POST runs/log-batch",
    ]);
    expect([...mlflow.runs.values()]).toHaveLength(1);
    const run = [...mlflow.runs.values()][0]!;
    expect(run).toMatchObject({
      experimentId: mlflow.experiments.get("driftbook"),
      runName: "drift.md (credit)",
      tags: { "driftbook.workbook": "drift.md", "driftbook.model": "credit" },
    });
    expect(run.metrics).toHaveLength(1205);
    const share = run.metrics.filter((metric) => metric.key === "share/feature/in_come");
    expect(share.map(({ step, value }) => ({ step, value }))).toEqual([
      { step: first, value: 0.2 },
      { step: second, value: 0.3 },
    ]);
    const times = server.store.db
      .prepare("select at from driftbook_metric_points where name = 'share' order by id")
      .pluck()
      .all();
    expect(share.map((metric) => metric.timestamp)).toEqual(times);
    expect(run.metrics.filter((metric) => metric.key === "bin/bin/1199")).toEqual([
      expect.objectContaining({ step: first, value: 1199 }),
    ]);
    expect(run.startTime).toBe(Math.min(...run.metrics.map((metric) => metric.timestamp)));
  }, 60_000);

  it("sends only what is new on a repeat, to the same MLflow run", async () => {
    mlflow.calls.length = 0;
    const again = await exportNow();
    expect(again.stdout).toMatch(/^drift\.md: 0 new points sent in 0 batches to MLflow run/);
    expect(mlflow.calls).toEqual([]);

    const third = await record({ n: 4, k: 2 });
    const next = await exportNow();
    expect(next.stdout).toMatch(/^drift\.md: 3 new points sent in 1 batch to MLflow run \w+ of/);
    expect(mlflow.calls).toEqual(["POST runs/log-batch"]);
    const run = [...mlflow.runs.values()][0]!;
    expect(run.metrics.filter((metric) => metric.step === third)).toHaveLength(3);
    expect(run.metrics).toHaveLength(storedPoints() as number);
  }, 60_000);

  it("fails with MLflow's message when a batch is refused, and the next export resends from the last accepted batch", async () => {
    await record({ n: 5, k: 1500 }); // two batches
    mlflow.calls.length = 0;
    mlflow.failCall("runs/log-batch", 503, 1); // the second batch
    const failed = await exportNow();
    expect(failed.code).toBe(2);
    expect(failed.stderr).toMatch(/drift\.md: MLflow answered 503 to POST runs\/log-batch: TEMPORARILY_UNAVAILABLE/);
    const resumed = await exportNow();
    expect(resumed.code).toBe(0);
    expect(resumed.stdout).toMatch(/: 501 new points sent in 1 batch /); // the first 1000 were accepted
    const run = [...mlflow.runs.values()][0]!;
    expect(run.metrics).toHaveLength(storedPoints() as number); // every point once
    expect(mlflow.runs.size).toBe(1);
    expect(mlflow.violations).toEqual([]);
  }, 60_000);

  it("names a missing tracking URI, a target it does not know and an unreachable server", async () => {
    const none = await driftbook(["export", "mlflow", join(dir, "drift.md"), "--db", join(dir, "driftbook.db")], {
      env: { ...process.env, MLFLOW_TRACKING_URI: "" },
    });
    expect(none.code).toBe(2);
    expect(none.stderr).toMatch(/--tracking-uri URL/);
    const target = await driftbook(["export", "wandb", join(dir, "drift.md")]);
    expect(target.stderr).toMatch(/driftbook export mlflow/);
    const file = await driftbook(["export", "mlflow", "--tracking-uri", "file:///tmp/mlruns", join(dir, "drift.md")]);
    expect(file.stderr).toMatch(/not an http\(s\) URL/);
    const down = await exportNow("--tracking-uri", "http://127.0.0.1:9", "--experiment", "other");
    expect(down.code).toBe(2);
    expect(down.stderr).toMatch(/cannot reach the MLflow tracking server at http:\/\/127\.0\.0\.1:9/);
  }, 60_000);
});
