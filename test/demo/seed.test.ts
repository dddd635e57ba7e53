import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DAY_MS } from "../../server/demo/credit.ts";
import { seedDemo } from "../../server/demo/seed.ts";
import { PredictionStore } from "../../server/store/store.ts";

const NOW = Date.UTC(2025, 0, 8, 9, 30);
let dir: string;
let store: PredictionStore;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "driftbook-seed-"));
  store = new PredictionStore(join(dir, "demo.db"));
});
afterAll(async () => {
  store.close();
  await rm(dir, { recursive: true, force: true });
});

describe("seedDemo", () => {
  it("writes the reference set, 7 days of predictions and the labels that arrived by now", () => {
    const result = seedDemo(store, { now: NOW, seed: 1 });
    expect(result).toMatchObject({ model: "credit", referenceRows: 5000, predictionRows: 10_500 });
    expect(result!.from).toBeGreaterThanOrEqual(NOW - 7 * DAY_MS);
    expect(result!.to).toBeLessThan(NOW);

    const model = store.model("credit")!;
    expect(model).toMatchObject({ rows: 10_500, referenceRows: 5000, from: result!.from, to: result!.to });
    expect(model.labelCoverage).toBeGreaterThan(0);
    expect(model.labelCoverage).toBeLessThan(1);
    expect(model.labelCoverage).toBeCloseTo(result!.labelledRows / 10_500, 10);

    const types = Object.fromEntries(model.columns.map((column) => [column.name, column.type]));
    expect(types).toMatchObject({
      income: "REAL",
      age: "REAL",
      purpose: "TEXT",
      term: "TEXT",
      prediction: "REAL",
      score: "REAL",
      label: "REAL",
    });
    expect(model.columns.filter((column) => column.role === "feature")).toHaveLength(10);
  });

  it("labels every prediction older than two days and few of the last day's", () => {
    const labelled = (from: number, to: number) =>
      store.db
        .prepare("select avg(label is not null) from credit where ts >= ? and ts < ?")
        .pluck()
        .get(from, to) as number;
    expect(labelled(NOW - 7 * DAY_MS, NOW - 2 * DAY_MS)).toBe(1);
    expect(labelled(NOW - DAY_MS, NOW)).toBeLessThan(0.5);
    const referenceLabels = store.db.prepare("select count(label) from credit_reference").pluck().get();
    expect(referenceLabels).toBe(5000);
  });

  it("dates the history as if logged live: rows at their ts, labels when known, the reference before the first row", () => {
    const rows = store.db
      .prepare(
        "select count(*) as n, sum(ingested_at = ts) as atTs, sum(label_ingested_at > ts and label_ingested_at <= ?) as lateLabels, count(label) as labels from credit",
      )
      .get(NOW) as { n: number; atTs: number; lateLabels: number; labels: number };
    expect(rows.atTs).toBe(rows.n);
    expect(rows.lateLabels).toBe(rows.labels);
    const first = store.db.prepare("select min(ts) from credit").pluck().get() as number;
    const reference = store.db
      .prepare("select created_at from driftbook_references where model = 'credit'")
      .pluck()
      .get();
    expect(reference).toBe(first - 1);
  });

  it("does nothing when credit already has predictions", () => {
    const before = store.model("credit")!;
    expect(seedDemo(store, { now: NOW + DAY_MS, seed: 2 })).toBeUndefined();
    expect(store.model("credit")).toEqual(before);
  });
});
