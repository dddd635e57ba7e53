import { describe, expect, it } from "vitest";
import { correct, type CorrectionMethod } from "../../detectors/correct.ts";
import { expectClose, STATISTIC } from "./close.ts";
import { readFixture, weyl } from "./fixtureData.ts";

interface Expected {
  drift: boolean;
  threshold: number | number[] | null;
  flagged: number;
  flags: boolean[] | null;
  firstFlagged: number[];
}
interface Case {
  name: string;
  pValues: number[] | { weyl: { start: number; count: number; power: number } };
  alpha?: number;
  expected: Record<CorrectionMethod, Expected>;
}

const cases = readFixture<Case[]>("correct");
function pValuesOf(c: Case): ArrayLike<number> {
  if (Array.isArray(c.pValues)) return c.pValues;
  const { start, count, power } = c.pValues.weyl;
  return weyl(start, count).map((u) => u ** power);
}

describe("correct matches Alibi Detect's Bonferroni and FDR batch decisions", () => {
  for (const c of cases) {
    for (const method of ["bonferroni", "fdr"] as const) {
      it(`${c.name} (${method})`, () => {
        const expected = c.expected[method];
        const result = correct(pValuesOf(c), { method, alpha: c.alpha });
        expect(result.drift).toBe(expected.drift);
        expect(result.method).toBe(method);
        expect(result.alpha).toBe(c.alpha ?? 0.05);
        if (Array.isArray(expected.threshold)) {
          expect(Array.isArray(result.threshold)).toBe(true);
          (result.threshold as number[]).forEach((q, i) =>
            expectClose(q, (expected.threshold as number[])[i], STATISTIC),
          );
        } else if (expected.threshold !== null) {
          expectClose(result.threshold as number, expected.threshold, STATISTIC);
        }
        if (expected.flags) expect(result.flags).toEqual(expected.flags);
        expect(result.flags.filter(Boolean).length).toBe(expected.flagged);
        const firstFlagged: number[] = [];
        for (let i = 0; i < result.flags.length && firstFlagged.length < 20; i++)
          if (result.flags[i]) firstFlagged.push(i);
        expect(firstFlagged).toEqual(expected.firstFlagged);
      });
    }
  }

  it("defaults to Bonferroni at 0.05", () => {
    expect(correct([0.004, 0.5])).toEqual({
      method: "bonferroni",
      alpha: 0.05,
      drift: true,
      threshold: 0.025,
      flags: [true, false],
    });
  });

  it("rejects empty input, p-values outside [0, 1] and unknown methods", () => {
    expect(() => correct([])).toThrow("correct: pValues is empty");
    expect(() => correct([0.1, NaN])).toThrow("correct: pValues[1] is NaN; p-values must be numbers in [0, 1]");
    expect(() => correct([1.5])).toThrow(/pValues\[0\] is 1.5/);
    // @ts-expect-error checking the runtime guard
    expect(() => correct([0.1], { method: "holm" })).toThrow(/^correct: method must be/);
    expect(() => correct([0.1], { alpha: 0 })).toThrow(/^correct: alpha/);
  });
});
