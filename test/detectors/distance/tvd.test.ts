import { describe, expect, it } from "vitest";
import { tvd } from "../../../detectors/distance/tvd.ts";
import { expectClose, STATISTIC } from "../close.ts";
import { distanceCases, samples } from "./distanceCases.ts";

describe("tvd matches Evidently's `TVD` statistic and its seeded permutation p-value", () => {
  for (const c of distanceCases.filter((c) => c.expected.tvd !== undefined)) {
    it(c.name, () => {
      const [reference, current] = samples(c);
      const result = tvd(reference, current);
      expectClose(result.statistic, c.expected.tvd!, STATISTIC);
      expect(result.pValue).toBe(c.expected.tvdPValue);
      expect(result.drift).toBe(result.pValue! < 0.1);
      expect(result.dropped).toEqual(c.expected.tvdDropped);
    });
  }

  it("is deterministic for a seed and changes with it", () => {
    const reference = ["a", "a", "b", "c", "a", "b", "c", "c"];
    const current = ["a", "b", "b", "b", "c", "b"];
    const once = tvd(reference, current, { seed: 3, permutations: 200 });
    expect(tvd(reference, current, { seed: 3, permutations: 200 })).toEqual(once);
    expect(tvd(reference, current, { seed: 4, permutations: 200 }).pValue).not.toBe(once.pValue);
  });

  it("rejects bad options", () => {
    expect(() => tvd(["a"], ["b"], { permutations: 0 })).toThrow(/^tvd: permutations/);
    expect(() => tvd(["a"], ["b"], { threshold: 1 })).toThrow(/^tvd: alpha/);
    expect(() => tvd(["a"], ["b"], { seed: -1 })).toThrow(/^tvd: seed must be an integer/);
  });
});
