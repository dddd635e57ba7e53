import { describe, expect, it } from "vitest";
import { fisherExact } from "../../../detectors/categorical/fisherExact.ts";
import { expectClose, P_VALUE, STATISTIC } from "../close.ts";
import { categorical, samples } from "./categoricalCases.ts";

describe("fisherExact matches scipy.stats.fisher_exact on Evidently's table", () => {
  for (const c of categorical.fisherExact) {
    it(c.name, () => {
      const [reference, current] = samples(c);
      const result = fisherExact(reference, current, {
        alternative: c.alternative,
        alpha: c.alpha,
        positive: c.positive,
      });
      expect(result.table).toEqual(c.expected.table);
      expectClose(result.statistic, c.expected.statistic, STATISTIC, "odds ratio");
      expectClose(result.pValue!, c.expected.pValue, P_VALUE, "pValue");
      expect(result.drift).toBe(c.expected.drift);
      expect(result.threshold).toBe(c.alpha ?? 0.1);
    });
  }

  it("counts the missing values it drops", () => {
    expect(fisherExact([1, 0, null, NaN], [1, undefined]).dropped).toEqual({ reference: 2, current: 1 });
  });

  it("rejects more than two categories and an unknown positive", () => {
    expect(() => fisherExact(["a", "b"], ["c"])).toThrow(
      "fisherExact: expects a binary column, found 3 categories (a, b, c)",
    );
    expect(() => fisherExact(["a", "b"], ["a"], { positive: "z" })).toThrow(/^fisherExact: positive category z/);
  });

  it("rejects an unknown alternative", () => {
    // @ts-expect-error checking the runtime guard
    expect(() => fisherExact([0, 1], [1], { alternative: "bigger" })).toThrow(/^fisherExact: alternative/);
  });
});
