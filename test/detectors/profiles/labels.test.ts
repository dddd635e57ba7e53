import { describe, expect, it } from "vitest";
import { LabelProfile, SCORE_BINS } from "../../../detectors/index.ts";
import { seededRng } from "../../../detectors/random/rng.ts";

const rng = seededRng(31);
const CLASSES = ["cat", "dog", "eel"];
const rows = Array.from({ length: 5000 }, () => ({
  prediction: CLASSES[rng.int(3)],
  label: CLASSES[rng.int(3)],
  score: rng.next(),
}));

function classificationOf(list: typeof rows): LabelProfile {
  const profile = new LabelProfile("classification");
  for (const { prediction, label, score } of list) profile.add(prediction, label, score);
  return profile;
}

describe("LabelProfile, classification", () => {
  it("counts predicted × actual and bins each class's scores on SCORE_BINS bins of [0, 1]", () => {
    const profile = classificationOf(rows);
    expect(profile.count).toBe(rows.length);
    for (const predicted of CLASSES) {
      for (const actual of CLASSES) {
        const expected = rows.filter((row) => row.prediction === predicted && row.label === actual).length;
        expect(profile.confusion.get(predicted)?.get(actual), `${predicted} × ${actual}`).toBe(expected);
      }
    }
    for (const actual of CLASSES) {
      const bins = profile.scoreHistograms.get(actual)!;
      expect(bins.length).toBe(SCORE_BINS);
      const ofClass = rows.filter((row) => row.label === actual);
      expect(bins.reduce((a, b) => a + b, 0)).toBe(ofClass.length);
      const below = ofClass.filter((row) => row.score < 0.25).length;
      expect(bins.subarray(0, SCORE_BINS / 4).reduce((a, b) => a + b, 0)).toBe(below);
    }
  });

  it("puts 0 in the first bin and 1 in the last, skips a missing score, and refuses scores outside [0, 1]", () => {
    const profile = new LabelProfile("classification");
    profile.add(1, 0, 0);
    profile.add(1, 0, 1);
    profile.add(true, false, null);
    const bins = profile.scoreHistograms.get("0")!;
    expect([bins[0], bins[SCORE_BINS - 1], bins.reduce((a, b) => a + b, 0)]).toEqual([1, 1, 2]);
    expect(profile.confusion.get("true")?.get("false")).toBe(1);
    expect(() => profile.add("a", "b", 1.5)).toThrow("LabelProfile.add: a score must be a number in [0, 1], got 1.5");
    expect(() => profile.add("a", "b", NaN)).toThrow("got NaN");
    expect(() => profile.add("a", null as never)).toThrow(
      "LabelProfile.add: the label must be a string or a finite number, got null",
    );
    expect(profile.count).toBe(3);
  });

  it("remove undoes add: adding all rows and removing some equals the profile of the rest", () => {
    const profile = classificationOf(rows);
    const removed = rows.slice(1000, 3000);
    for (const { prediction, label, score } of [...removed].reverse()) profile.remove(prediction, label, score);
    const rest = classificationOf([...rows.slice(0, 1000), ...rows.slice(3000)]);
    expect(profile.toJSON()).toEqual(rest.toJSON());
    // A changed label: the old one out, the new one in.
    profile.remove(rows[0].prediction, rows[0].label, rows[0].score);
    profile.add(rows[0].prediction, "eel", rows[0].score);
    expect(profile.count).toBe(rest.count);
  });

  it("refuses to remove a row it never counted", () => {
    const profile = new LabelProfile("classification");
    expect(() => profile.remove("a", "b")).toThrow("LabelProfile.remove: the profile holds no labelled rows");
    profile.add("a", "b", 0.5);
    expect(() => profile.remove("a", "c")).toThrow(
      "LabelProfile.remove: no row with prediction a and label c to remove",
    );
    expect(() => profile.remove("a", "b", 0.9)).toThrow("no row with label b and score 0.9 to remove");
    profile.remove("a", "b", 0.5);
    expect(profile.toJSON()).toEqual({
      task: "classification",
      count: 0,
      confusion: {},
      scoreHistograms: { b: Array(SCORE_BINS).fill(0) },
    });
  });

  it("merges as the profile of the union, and encode/decode round-trips", () => {
    const merged = classificationOf(rows.slice(0, 2000));
    merged.merge(classificationOf(rows.slice(2000)));
    const whole = classificationOf(rows);
    expect(merged.toJSON()).toEqual(whole.toJSON());
    const decoded = LabelProfile.decode(whole.encode());
    expect(decoded.toJSON()).toEqual(whole.toJSON());
    expect(decoded.encode()).toEqual(whole.encode());
    expect(() => merged.merge(new LabelProfile("regression"))).toThrow(
      "LabelProfile.merge: cannot merge a regression profile into a classification one",
    );
  });
});

describe("LabelProfile, regression", () => {
  const pairs = Array.from({ length: 1000 }, () => {
    const label = 10 * rng.normal();
    return { prediction: label + rng.normal(), label };
  });

  it("keeps count, Σe, Σe², Σ|e|, Σy and Σy², e = prediction − label", () => {
    const profile = new LabelProfile("regression");
    for (const { prediction, label } of pairs) profile.add(prediction, label);
    const sum = (f: (p: (typeof pairs)[number]) => number) => pairs.reduce((total, pair) => total + f(pair), 0);
    const expected = {
      sumError: sum((p) => p.prediction - p.label),
      sumSquaredError: sum((p) => (p.prediction - p.label) ** 2),
      sumAbsoluteError: sum((p) => Math.abs(p.prediction - p.label)),
      sumLabel: sum((p) => p.label),
      sumLabelSquared: sum((p) => p.label ** 2),
    };
    expect(profile.toJSON()).toEqual({ task: "regression", count: 1000, ...expected });
    expect(LabelProfile.decode(profile.encode()).toJSON()).toEqual(profile.toJSON());
    for (const { prediction, label } of pairs.slice(0, 500)) profile.remove(prediction, label);
    expect(profile.count).toBe(500);
    expect(profile.sumLabel).toBeCloseTo(
      pairs.slice(500).reduce((total, p) => total + p.label, 0),
      9,
    );
    expect(() => profile.add("1", 2)).toThrow(
      "LabelProfile.add: regression needs finite numbers, got prediction 1 and label 2",
    );
  });
});
