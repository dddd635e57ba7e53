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
      description: "TEXT",
      term: "TEXT",
      prediction: "REAL",
      score: "REAL",
      label: "REAL",
    });
    expect(model.columns.filter((column) => column.role === "feature")).toHaveLength(11);
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

  it("writes each prediction as if at the end of its hour and each label at the end of its six hours, never after now", () => {
    const end = (at: number, every: number) => Math.min(NOW, (Math.floor(at / every) + 1) * every);
    const hourEnd = (at: number) => end(at, 3_600_000);
    const rows = store.db.prepare("select ts, ingested_at, label, label_ingested_at from credit").all() as {
      ts: number;
      ingested_at: number;
      label: number | null;
      label_ingested_at: number | null;
    }[];
    expect(rows.every((row) => row.ingested_at === hourEnd(row.ts))).toBe(true);
    const labelled = rows.filter((row) => row.label !== null);
    expect(labelled.every((row) => row.label_ingested_at! > row.ts && row.label_ingested_at! <= NOW)).toBe(true);
    const jobs = new Set(labelled.map((row) => row.label_ingested_at));
    expect(jobs.size).toBeGreaterThan(20);
    expect([...jobs].every((at) => at === NOW || at === end(at! - 1, 6 * 3_600_000))).toBe(true);
    const reference = store.db.prepare("select created_at from driftbook_references where model = 'credit'").get() as {
      created_at: number;
    };
    expect(reference.created_at).toBeLessThan(Math.min(...rows.map((row) => row.ts)));
  });

  it("does nothing when credit already has predictions", () => {
    const before = store.model("credit")!;
    expect(seedDemo(store, { now: NOW + DAY_MS, seed: 2 })).toBeUndefined();
    expect(store.model("credit")).toEqual(before);
  });
});
