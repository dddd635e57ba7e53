import { describe, expect, it } from "vitest";
import { MAX_METRICS_PER_BATCH, metricBatches, metricKey } from "../../../server/export/mlflow/metricBatches.ts";
import type { StoredMetricPoint } from "../../../server/runs/store.ts";

const point = (id: number, labels: Record<string, string> = {}): StoredMetricPoint => ({
  id,
  run: 7,
  name: "psi",
  value: id / 10,
  labels,
  at: 1_700_000_000_000 + id,
});

describe("MLflow metric keys", () => {
  it("puts labels in the key in label order, turning what MLflow refuses into _", () => {
    expect(metricKey(point(1))).toBe("psi");
    expect(metricKey(point(1, { segment: "eu", feature: "income" }))).toBe("psi/feature/income/segment/eu");
    expect(metricKey(point(1, { feature: "a/b=c€" }))).toBe("psi/feature/a_b_c_");
    expect(metricKey(point(1, { feature: "", "..": "." }))).toBe("psi/_/_/feature/_");
  });

  it("keeps a key within MLflow's 250 characters", () => {
    expect(metricKey(point(1, { feature: "x".repeat(400) }))).toHaveLength(250);
  });
});

describe("log-batch requests", () => {
  it("cuts the points into batches of at most 1000 metrics, each step a Driftbook run at the point's time", () => {
    const points = Array.from({ length: 2001 }, (_, i) => point(i + 1));
    const batches = metricBatches(points);
    expect(MAX_METRICS_PER_BATCH).toBe(1000);
    expect(batches.map((batch) => batch.metrics.length)).toEqual([1000, 1000, 1]);
    expect(batches.map((batch) => batch.lastPointId)).toEqual([1000, 2000, 2001]);
    expect(batches[2]!.metrics[0]).toEqual({ key: "psi", value: 200.1, timestamp: 1_700_000_002_001, step: 7 });
    expect(metricBatches([])).toEqual([]);
  });
});
