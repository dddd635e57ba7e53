import { describe, expect, it } from "vitest";
import {
  binnedShares,
  cleanPair,
  distinctSturgesEdges,
  histogram,
  sturgesEdges,
} from "../../../detectors/distance/bins.ts";
import { distanceCases, samples } from "./distanceCases.ts";

describe("bins: Evidently's column typing and numpy's Sturges edges", () => {
  for (const c of distanceCases) {
    it(c.name, () => {
      const [reference, current] = samples(c);
      const pair = cleanPair(reference, current, c.type, "bins");
      expect(pair.type).toBe(c.expected.type);
      expect(pair.type === "numeric" && pair.integer).toBe(c.expected.integer);
      const { edges } = binnedShares(pair, false);
      expect(edges ? Array.from(edges) : null).toEqual(c.expected.edges);
      if (pair.type === "numeric") {
        const edges = distinctSturgesEdges(pair.reference, pair.current, pair.integer);
        expect(Array.from(edges)).toEqual(c.expected.hellingerEdges);
      }
    });
  }

  it("puts values on an edge where numpy does: [e_i, e_i+1), last bin closed, outside ignored", () => {
    const edges = Float64Array.from([0, 1, 2, 3]);
    expect(Array.from(histogram(Float64Array.from([-1, 0, 0.999, 1, 2, 2.5, 3, 3.5]), edges))).toEqual([2, 1, 3]);
  });

  it("rejects an unknown column type", () => {
    // @ts-expect-error checking the runtime guard
    expect(() => cleanPair([1], [2], "ordinal", "psi")).toThrow(
      'psi: type must be "numeric" or "categorical", got ordinal',
    );
  });

  it("widens a constant sample by ±0.5 into one bin", () => {
    expect(Array.from(sturgesEdges(Float64Array.from([4, 4, 4]), false))).toEqual([3.5, 4.5]);
  });

  it("fills empty bins per sample: min/1e6 when min ≤ 1e-4, else 1e-4", () => {
    const pair = cleanPair(["a", "a", "b"], ["a", "c"], undefined, "bins");
    const filled = binnedShares(pair, true);
    expect(Array.from(filled.reference)).toEqual([2 / 3, 1 / 3, 1e-4]);
    expect(Array.from(filled.current)).toEqual([0.5, 1e-4, 0.5]);
  });
});
