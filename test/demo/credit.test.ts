import { describe, expect, it } from "vitest";
import {
  DAY_MS,
  historyRows,
  INCOME_DRIFT_REGIONS,
  liveRows,
  PURPOSE_MIX,
  referenceRows,
} from "../../server/demo/credit.ts";
import type { PredictionInput } from "../../server/ingest/types.ts";

const END = Date.UTC(2025, 0, 8, 9, 30);
const PER_DAY = 1500;
const reference = referenceRows(5000, 1);
const history = historyRows({ days: 7, perDay: PER_DAY, end: END, seed: 1 });
const historyDays = Array.from({ length: 7 }, (_, day) => history.rows.slice(day * PER_DAY, (day + 1) * PER_DAY));

const NUMERIC = ["age", "income", "debt_ratio", "credit_lines", "late_payments_12m", "loan_amount"];
const CATEGORIES: Record<string, string[]> = {
  term: ["36m", "60m"],
  purpose: Object.keys(PURPOSE_MIX.reference),
  home_ownership: ["mortgage", "rent", "own"],
  region: ["south", "west", "midwest", "northeast"],
};

function mean(rows: PredictionInput[], feature: string): number {
  return rows.reduce((sum, row) => sum + (row.features[feature] as number), 0) / rows.length;
}

function shares(rows: PredictionInput[], feature: string): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const row of rows)
    counts[row.features[feature] as string] = (counts[row.features[feature] as string] ?? 0) + 1 / rows.length;
  return counts;
}

/** Total variation distance between two category mixes: half the sum of absolute differences. */
function totalVariation(a: Record<string, number>, b: Record<string, number>): number {
  const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
  return [...keys].reduce((sum, key) => sum + Math.abs((a[key] ?? 0) - (b[key] ?? 0)), 0) / 2;
}

describe("credit demo data", () => {
  it("is the same for the same seed and differs across seeds", () => {
    expect(referenceRows(300, 7)).toEqual(referenceRows(300, 7));
    expect(referenceRows(300, 8)).not.toEqual(referenceRows(300, 7));
    expect(historyRows({ perDay: 50, end: END, seed: 3 })).toEqual(historyRows({ perDay: 50, end: END, seed: 3 }));
    expect(liveRows(20, { now: END, seed: 3 })).toEqual(liveRows(20, { now: END, seed: 3 }));
  });

  it("has ten typed features and a description, a score in (0, 1), prediction = score ≥ 0.5 and a 0/1 label", () => {
    const names = [...NUMERIC, ...Object.keys(CATEGORIES), "description"].sort();
    const integers = ["age", "credit_lines", "late_payments_12m"];
    const malformed = reference.filter(
      (row) =>
        Object.keys(row.features).sort().join() !== names.join() ||
        NUMERIC.some((name) => typeof row.features[name] !== "number" || !Number.isFinite(row.features[name])) ||
        integers.some((name) => !Number.isInteger(row.features[name])) ||
        Object.entries(CATEGORIES).some(([name, values]) => !values.includes(row.features[name] as string)) ||
        typeof row.features.description !== "string" ||
        !(row.score! > 0 && row.score! < 1) ||
        row.prediction !== (row.score! >= 0.5 ? 1 : 0) ||
        (row.label !== 0 && row.label !== 1),
    );
    expect(malformed).toEqual([]);
    expect(Math.min(...reference.map((row) => row.features.age as number))).toBeGreaterThanOrEqual(21);
    expect(mean(reference, "income")).toBeGreaterThan(45_000);
    expect(mean(reference, "income")).toBeLessThan(80_000);
    expect(mean(reference, "debt_ratio")).toBeGreaterThan(0.1);
    expect(mean(reference, "debt_ratio")).toBeLessThan(0.5);
  });

  it("is about 80% accurate with a realistic default rate", () => {
    const accuracy = reference.filter((row) => row.prediction === row.label).length / reference.length;
    const defaultRate = reference.filter((row) => row.label === 1).length / reference.length;
    expect(accuracy).toBeGreaterThan(0.77);
    expect(accuracy).toBeLessThan(0.88);
    expect(defaultRate).toBeGreaterThan(0.15);
    expect(defaultRate).toBeLessThan(0.35);
  });

  it("spreads the history over 7 days ending at `end`, in time order, with unique ids", () => {
    expect(history.rows).toHaveLength(7 * PER_DAY);
    const times = history.rows.map((row) => row.ts!);
    expect(times[0]).toBeGreaterThanOrEqual(END - 7 * DAY_MS);
    expect(times[times.length - 1]).toBeLessThan(END);
    expect(times.every((ts, i) => i === 0 || ts >= times[i - 1])).toBe(true);
    historyDays.forEach((rows, day) =>
      expect(rows.every((row) => Math.floor((row.ts! - (END - 7 * DAY_MS)) / DAY_MS) === day)).toBe(true),
    );
    expect(new Set(history.rows.map((row) => row.id)).size).toBe(history.rows.length);
    expect(history.rows[0].id).toBe("credit-1-0");
    expect(history.rows.every((row) => row.label === undefined)).toBe(true);
  });

  it("drifts income (down a quarter over all, by 40% in the south and west only) and purpose from day 5, and nothing before", () => {
    const referenceIncome = mean(reference, "income");
    const referencePurpose = shares(reference, "purpose");
    historyDays.forEach((rows, index) => {
      const day = index + 1;
      const incomeRatio = mean(rows, "income") / referenceIncome;
      const purposeDistance = totalVariation(shares(rows, "purpose"), referencePurpose);
      if (day < 5) {
        expect(incomeRatio, `income on day ${day}`).toBeGreaterThan(0.95);
        expect(incomeRatio, `income on day ${day}`).toBeLessThan(1.05);
        expect(purposeDistance, `purpose on day ${day}`).toBeLessThan(0.05);
      } else {
        expect(incomeRatio, `income on day ${day}`).toBeGreaterThan(0.7);
        expect(incomeRatio, `income on day ${day}`).toBeLessThan(0.8);
        expect(purposeDistance, `purpose on day ${day}`).toBeGreaterThan(0.2);
      }
      for (const region of CATEGORIES.region) {
        const inRegion = (of: PredictionInput[]) => of.filter((row) => row.features.region === region);
        const ratio = mean(inRegion(rows), "income") / mean(inRegion(reference), "income");
        const expected = day >= 5 && INCOME_DRIFT_REGIONS.includes(region) ? 0.6 : 1;
        expect(Math.abs(ratio - expected), `income in ${region} on day ${day}`).toBeLessThan(0.08);
      }
      // The other features keep their reference distribution every day.
      for (const name of ["age", "debt_ratio", "loan_amount", "credit_lines"]) {
        expect(mean(rows, name) / mean(reference, name), `${name} on day ${day}`).toBeCloseTo(1, 1);
      }
      for (const name of ["term", "home_ownership", "region"]) {
        expect(totalVariation(shares(rows, name), shares(reference, name)), `${name} on day ${day}`).toBeLessThan(0.05);
      }
    });
  });

  it("keeps the ten features' values from before the description was added (its own random stream)", () => {
    // Printed by the generator before `description` existed (seed 1): the first reference row and the first row of day 7.
    const { description: _, ...first } = reference[0].features;
    expect(first).toEqual({
      age: 55,
      income: 113900,
      debt_ratio: 0.231,
      credit_lines: 6,
      late_payments_12m: 0,
      loan_amount: 8800,
      term: "36m",
      purpose: "debt_consolidation",
      home_ownership: "mortgage",
      region: "midwest",
    });
    const { description: __, ...seventh } = historyDays[6][0].features;
    expect(seventh).toEqual({
      age: 58,
      income: 66100,
      debt_ratio: 0.75,
      credit_lines: 7,
      late_payments_12m: 0,
      loan_amount: 19400,
      term: "36m",
      purpose: "debt_consolidation",
      home_ownership: "mortgage",
      region: "south",
    });
  });

  it("words the description formally until day 4 and informally from day 5 (and live), nearly every one distinct", () => {
    const formal = (rows: PredictionInput[]) =>
      rows.filter((row) => /; requesting \$[\d,]+, repaid at \$\d+ a month/.test(row.features.description as string))
        .length / rows.length;
    expect(formal(reference)).toBe(1);
    historyDays.forEach((rows, index) => {
      expect(formal(rows), `formal share on day ${index + 1}`).toBe(index + 1 < 5 ? 1 : 0);
      // Free text, not categories: tabularDrift reads a column with more than half its values distinct as text.
      expect(new Set(rows.map((row) => row.features.description)).size / rows.length).toBeGreaterThan(0.9);
    });
    expect(formal(liveRows(500, { now: END, seed: 1 }).rows)).toBe(0);
    // The loan amount written in a formal description is the row's own.
    const amounts = reference.map((row) => /requesting \$([\d,]+)/.exec(row.features.description as string)![1]);
    expect(amounts.every((amount, i) => Number(amount.replace(/,/g, "")) === reference[i].features.loan_amount)).toBe(
      true,
    );
  });

  it("delays labels: older than a day mostly labelled, the newest day mostly not", () => {
    expect(history.labels.map((label) => label.id)).toEqual(history.rows.map((row) => row.id));
    history.labels.forEach((label, i) => {
      expect(label.availableAt - history.rows[i].ts!).toBeGreaterThanOrEqual(6 * 3_600_000);
      expect(label.availableAt - history.rows[i].ts!).toBeLessThan(30 * 3_600_000);
    });
    const arrivedShare = (from: number, to: number) =>
      history.labels.slice(from, to).filter((label) => label.availableAt <= END).length / (to - from);
    expect(arrivedShare(0, 5 * PER_DAY)).toBe(1);
    expect(arrivedShare(5 * PER_DAY, 6 * PER_DAY)).toBeGreaterThan(0.9);
    expect(arrivedShare(6 * PER_DAY, 7 * PER_DAY)).toBeLessThan(0.5);
    expect(arrivedShare(0, 7 * PER_DAY)).toBeGreaterThan(0.8);
    expect(arrivedShare(0, 7 * PER_DAY)).toBeLessThan(0.95);
  });

  it("draws live rows from the drifted distribution in the second before `now`, with ids unique across calls", () => {
    const live = liveRows(3000, { now: END, seed: 1 });
    expect(live.rows).toHaveLength(3000);
    expect(live.rows.every((row) => row.ts! > END - 1000 - 1 && row.ts! <= END)).toBe(true);
    expect(mean(live.rows, "income") / mean(reference, "income")).toBeCloseTo(0.75, 1);
    expect(totalVariation(shares(live.rows, "purpose"), shares(reference, "purpose"))).toBeGreaterThan(0.2);
    expect(live.labels.every((label, i) => label.availableAt === live.rows[i].ts! + 30_000)).toBe(true);
    const next = liveRows(3000, { now: END + 1000, seed: 1 });
    const ids = new Set([...live.rows, ...next.rows].map((row) => row.id));
    expect(ids.size).toBe(6000);
  });
});
