import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { realizedPerformance } from "../../../detectors/concept/realizedPerformance.ts";
import { LabelProfile } from "../../../detectors/profiles/labels.ts";
import { profileOf } from "../../../detectors/profiles/profile.ts";
import { seededRng } from "../../../detectors/random/rng.ts";
import type { PredictionInput } from "../../../server/ingest/types.ts";
import { readProfiles } from "../../../server/store/profileRead.ts";
import type { PredictionStore } from "../../../server/store/store.ts";
import { tempStore } from "../../helpers/database.ts";

const DAY = 86_400_000;
const START = Date.UTC(2026, 2, 1);
/** Six days logged; the labels of the last one are half in when the test reads. */
const DAYS = 6;
const PER_DAY = 300;

/** A scored classifier, calibrated until day 3, whose labels flip for a fifth of the rows after. */
function scoredRows(count: number, rng: ReturnType<typeof seededRng>, idPrefix: string, from: number | null) {
  return Array.from({ length: count }, (_, i): PredictionInput => {
    const score = Math.round(rng.next() * 1e6) / 1e6;
    const day = from === null ? 0 : Math.floor(i / PER_DAY);
    const flipped = day >= 3 && rng.next() < 0.2;
    const label = rng.next() < score !== flipped ? 1 : 0;
    return {
      row: i + 1,
      id: `${idPrefix}-${i}`,
      ...(from !== null && { ts: from + day * DAY + Math.floor(rng.next() * DAY) }),
      features: { x: score * 10 },
      prediction: score >= 0.5 ? 1 : 0,
      score,
      label,
    };
  });
}

let store: PredictionStore;
let cleanup: () => Promise<void>;
const rng = seededRng(11);
const reference = scoredRows(2000, rng, "r", null);
const logged = scoredRows(DAYS * PER_DAY, rng, "p", START);
const referenceRows = reference.map(({ prediction, score, label }) => ({ prediction, score, label }));

beforeAll(async () => {
  ({ store, cleanup } = await tempStore("store.db", START + 30 * DAY));
  store.replaceReference("credit", reference);
  // Predictions first, labels later (as they arrive): all but the second half of the last day's.
  store.log(
    "credit",
    logged.map(({ label: _, ...row }) => row),
  );
  const lastDay = START + (DAYS - 1) * DAY + DAY / 2;
  const arrived = logged.filter((row) => row.ts! < lastDay);
  store.attachLabels(
    "credit",
    arrived.map(({ row, id, label }) => ({ row, id: id!, label: label! })),
  );
});
afterAll(() => cleanup());

/** The rows as stored, and the stored day profiles and reference profile. */
function inputs() {
  const rows = store.db.prepare("select ts, prediction, score, label from credit order by id").all() as Record<
    string,
    unknown
  >[];
  // As a cell's profiles(model, {every: "1d"}) gives them (server/runtime/stdlib/profile.ts).
  const days = readProfiles(store.db, "credit", { every: "1d" }).map(({ start, end, profile }) => ({
    start: new Date(start!),
    end: new Date(end!),
    profile,
  }));
  const referenceProfile = readProfiles(store.db, "credit", { reference: true })[0].profile;
  return { rows, days, referenceProfile };
}

describe("realizedPerformance over stored profiles", () => {
  it.each(["accuracy", "precision", "recall", "specificity"] as const)(
    "gives the per-day %s test the same rows chunked by {period: '1d'} give, exactly",
    (metric) => {
      const { rows, days, referenceProfile } = inputs();
      expect(days).toHaveLength(DAYS);
      const fromRows = realizedPerformance(referenceRows, rows, { metric, chunks: { period: "1d" } });
      const fromProfiles = realizedPerformance(referenceProfile, days, { metric });
      expect(fromProfiles).toEqual(fromRows);
      // Five labelled days tested, the half-labelled last one skipped; the flip after day 3 shows.
      expect(fromRows.chunks).toHaveLength(DAYS - 1);
      expect(fromRows.skipped).toMatchObject([{ index: DAYS - 1, reason: "not every row is labelled yet" }]);
      if (metric === "accuracy") expect(fromRows.chunks.map((c) => c.alert)).toEqual([false, false, false, true, true]);
    },
  );

  it("reads the reference from rows or from its stored profile alike", () => {
    const { days, referenceProfile } = inputs();
    expect(realizedPerformance(referenceRows, days)).toEqual(realizedPerformance(referenceProfile, days));
  });

  it("gives F1 exactly from the confusion counts", () => {
    const { rows, days, referenceProfile } = inputs();
    const fromRows = realizedPerformance(referenceRows, rows, { metric: "f1", chunks: { period: "1d" } });
    const fromProfiles = realizedPerformance(referenceProfile, days, { metric: "f1" });
    expect(fromProfiles.reference).toBe(fromRows.reference);
    expect(fromProfiles.chunks.map((c) => c.realized)).toEqual(fromRows.chunks.map((c) => c.realized));
  });

  it("gives ROC AUC from the score histograms within its stated bound of the rows' AUC", () => {
    const { rows, days, referenceProfile } = inputs();
    const fromRows = realizedPerformance(referenceRows, rows, { metric: "roc_auc", chunks: { period: "1d" } });
    const fromProfiles = realizedPerformance(referenceProfile, days, { metric: "roc_auc" });
    expect(fromProfiles.referenceApproximation).toBeGreaterThan(0);
    expect(Math.abs(fromProfiles.reference - fromRows.reference)).toBeLessThanOrEqual(
      fromProfiles.referenceApproximation!,
    );
    expect(fromProfiles.chunks).toHaveLength(fromRows.chunks.length);
    fromProfiles.chunks.forEach((chunk, k) => {
      expect(chunk.approximation).toBeGreaterThan(0);
      expect(chunk.approximation).toBeLessThan(0.005);
      expect(Math.abs(chunk.value - fromRows.chunks[k].value)).toBeLessThanOrEqual(chunk.approximation!);
    });
    expect(fromRows.chunks[0].approximation).toBeUndefined();
  });

  it("refuses what profiles cannot answer, naming the metric, the option or the interval", () => {
    const { days, referenceProfile } = inputs();
    expect(() => realizedPerformance(referenceProfile, days, { metric: "mae" })).toThrow(
      /reference: mae needs rows: its bootstrap resamples each row's error/,
    );
    expect(() => realizedPerformance(referenceProfile, days, { chunks: { period: "1d" } })).toThrow(
      /chunks come from the profile intervals; leave the chunks option out/,
    );
    const overlapping = [days[0], { ...days[1], start: days[0].start }];
    expect(() => realizedPerformance(referenceProfile, overlapping)).toThrow(
      /interval 1 starts before interval 0 ends/,
    );
    const noScores = [{ start: START, end: START + DAY, profile: profileOf({ x: [1] }) }];
    const labels = LabelProfile.decode(referenceProfile.labels!.encode());
    labels.add(1, 1);
    noScores[0].profile.labels = labels;
    expect(() => realizedPerformance(referenceRows, noScores, { metric: "roc_auc" })).toThrow(
      /current: interval 0: roc_auc needs a score for every labelled row; 1 of 2001 have none/,
    );
  });
});
