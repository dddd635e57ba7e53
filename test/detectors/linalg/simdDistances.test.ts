import { describe, expect, it } from "vitest";
import { rowOffsets, squaredDistance } from "../../../detectors/linalg/distances.ts";
import { SIMD_BLOCK, simdPairBlocks } from "../../../detectors/linalg/simdDistances.ts";
import { seededRng } from "../../../detectors/random/rng.ts";

/** A rows × cols matrix of normals, with row 9 a copy of row 1 (a zero distance, clamped; another block). */
function matrix(rows: number, cols: number, seed: number) {
  const rng = seededRng(seed);
  const data = Float64Array.from({ length: rows * cols }, () => rng.normal());
  data.copyWithin(9 * cols, cols, 2 * cols);
  return { data, rows, cols };
}

describe("simdPairBlocks", () => {
  it.each([
    [32, 1],
    [33, 3],
    [40, 10],
    [71, 17],
    [130, 768],
    [200, 2],
  ])(
    "gives %i rows × %i columns the scalar loop's distances bit for bit, on exactly the pairs it covers",
    (rows, cols) => {
      const z = matrix(rows, cols, rows * 1000 + cols);
      const offsets = rowOffsets(rows);
      const out = new Float64Array((rows * (rows - 1)) / 2).fill(-1);
      const covered = simdPairBlocks(z, out, offsets);
      expect(covered).toBe(rows - (rows % SIMD_BLOCK));
      for (let j = 1; j < rows; j++) {
        for (let i = 0; i < j; i++) {
          const inBlocks = j < covered && i < j - (j % SIMD_BLOCK);
          const value = out[offsets[i]! + j];
          if (inBlocks)
            expect(value, `pair (${i}, ${j})`).toBe(squaredDistance(z.data, i * cols, z.data, j * cols, cols));
          else expect(value, `pair (${i}, ${j}) is left to the caller`).toBe(-1);
        }
      }
      expect(out[offsets[1]! + 9]).toBe(1e-30); // identical rows: the clamp
    },
  );

  it("leaves a matrix whose copies would not fit WebAssembly's 4 GiB to the scalar loop", () => {
    // 40 rows × 7M coordinates: two 2.2 GB copies. The check comes before any value is read.
    const z = { data: new Float64Array(8), rows: 40, cols: 7_000_000 };
    expect(simdPairBlocks(z, new Float64Array(780), rowOffsets(40))).toBe(0);
  });

  it("leaves small matrices to the scalar loop", () => {
    expect(simdPairBlocks(matrix(12, 4, 1), new Float64Array(66), rowOffsets(12))).toBe(0);
    expect(simdPairBlocks(matrix(31, 4, 1), new Float64Array(465), rowOffsets(31))).toBe(0);
  });
});
