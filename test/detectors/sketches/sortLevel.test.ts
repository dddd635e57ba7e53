import { describe, expect, it } from "vitest";
import { seededRng } from "../../../detectors/random/rng.ts";
import { sortLevel } from "../../../detectors/sketches/sortLevel.ts";

const rng = seededRng(31);

// What a compaction sorts: finite values, 0 to a few thousand of them, within a larger buffer.
const kinds: Record<string, (n: number) => Float64Array> = {
  "random normals": (n) => Float64Array.from({ length: n }, () => rng.normal()),
  "few distinct integers": (n) => Float64Array.from({ length: n }, () => rng.int(5)),
  sorted: (n) => Float64Array.from({ length: n }, (_, i) => i),
  reversed: (n) => Float64Array.from({ length: n }, (_, i) => n - i),
  "all equal": (n) => new Float64Array(n).fill(2.5),
  // Organ pipes and sawteeth drive the quicksort past its depth limit, to the built-in sort.
  "organ pipes": (n) => Float64Array.from({ length: n }, (_, i) => Math.min(i, n - i)),
  sawtooth: (n) => Float64Array.from({ length: n }, (_, i) => i % 8),
  "huge magnitudes": (n) => Float64Array.from({ length: n }, () => (rng.next() - 0.5) * Number.MAX_VALUE),
};

describe("sortLevel", () => {
  for (const [kind, make] of Object.entries(kinds)) {
    it(`sorts ${kind} as the built-in sort does, and only the range it is given`, () => {
      for (const n of [0, 1, 2, 16, 17, 34, 130, 400, 5000]) {
        const values = make(n);
        const buffer = Float64Array.from({ length: n + 6 }, (_, i) => (i < 3 || i >= n + 3 ? -1 - i : values[i - 3]));
        sortLevel(buffer, 3, n + 3);
        expect(Array.from(buffer.subarray(3, n + 3)), `n = ${n}`).toEqual(Array.from(values.sort()));
        expect([...buffer.subarray(0, 3), ...buffer.subarray(n + 3)], `n = ${n}`).toEqual([
          -1,
          -2,
          -3,
          -(n + 4),
          -(n + 5),
          -(n + 6),
        ]);
      }
    });
  }
});
