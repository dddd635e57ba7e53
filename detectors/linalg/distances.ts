/**
 * Squared Euclidean distances between rows (all pairs packed, or across two matrices), clamped at
 * 1e-30 as Alibi Detect 0.12's utils/pytorch/distance.py squared_pairwise_distance.
 */

import type { Matrix } from "./matrix.ts";
import { SIMD_BLOCK, simdPairBlocks } from "./simdDistances.ts";

/** Alibi Detect clamps squared distances from below (`squared_pairwise_distance(a_min=1e-30)`). */
export const MIN_SQUARED_DISTANCE = 1e-30;

/**
 * Squared Euclidean distances between all pairs of rows i < j of `z`, clamped at 1e-30 as Alibi
 * does, packed row after row: pair (i, j) sits at `rowOffsets(z.rows)[i] + j`. Computed from
 * coordinate differences (Alibi expands ‖a‖² + ‖b‖² − 2a·b), so identical rows give exactly 0 and
 * close rows keep full relative accuracy. Every element of `out` (N(N−1)/2 long) is written.
 * Most pairs go to WebAssembly SIMD (simdDistances.ts), bit-identical to the scalar loop below,
 * which serves where that is not available.
 */
export function pairwiseSquaredDistances(
  z: Matrix,
  out: Float64Array = new Float64Array((z.rows * (z.rows - 1)) / 2),
): Float64Array {
  const { data, rows, cols } = z;
  const offsets = rowOffsets(rows);
  const covered = simdPairBlocks(z, out, offsets);
  if (covered > 0) {
    // What the blocks leave: the pairs inside each block, and every pair with a row past the last one.
    for (let j = 1; j < rows; j++) {
      const from = j < covered ? j - (j % SIMD_BLOCK) : 0;
      for (let i = from; i < j; i++) out[offsets[i] + j] = squaredDistance(data, i * cols, data, j * cols, cols);
    }
    return out;
  }
  let i = 0;
  // Two rows against four at a time: each coordinate loaded serves several distances.
  for (; i + 1 < rows; i += 2) {
    const a = i * cols,
      a2 = a + cols,
      o = offsets[i],
      o2 = offsets[i + 1];
    out[o + i + 1] = squaredDistance(data, a, data, a2, cols);
    let j = i + 2;
    for (; j + 3 < rows; j += 4) {
      const b0 = j * cols,
        b1 = b0 + cols,
        b2 = b1 + cols,
        b3 = b2 + cols;
      let s0 = 0,
        s1 = 0,
        s2 = 0,
        s3 = 0,
        t0 = 0,
        t1 = 0,
        t2 = 0,
        t3 = 0;
      for (let k = 0; k < cols; k++) {
        const v = data[a + k],
          w = data[a2 + k];
        const c0 = data[b0 + k],
          c1 = data[b1 + k],
          c2 = data[b2 + k],
          c3 = data[b3 + k];
        let u = v - c0;
        s0 += u * u;
        u = v - c1;
        s1 += u * u;
        u = v - c2;
        s2 += u * u;
        u = v - c3;
        s3 += u * u;
        u = w - c0;
        t0 += u * u;
        u = w - c1;
        t1 += u * u;
        u = w - c2;
        t2 += u * u;
        u = w - c3;
        t3 += u * u;
      }
      out[o + j] = clamp(s0);
      out[o + j + 1] = clamp(s1);
      out[o + j + 2] = clamp(s2);
      out[o + j + 3] = clamp(s3);
      out[o2 + j] = clamp(t0);
      out[o2 + j + 1] = clamp(t1);
      out[o2 + j + 2] = clamp(t2);
      out[o2 + j + 3] = clamp(t3);
    }
    for (; j < rows; j++) {
      out[o + j] = squaredDistance(data, a, data, j * cols, cols);
      out[o2 + j] = squaredDistance(data, a2, data, j * cols, cols);
    }
  }
  return out;
}

/** Offsets into the packed pairs of `pairwiseSquaredDistances`: pair (i, j > i) is at `offsets[i] + j`. */
export function rowOffsets(rows: number): Int32Array {
  const offsets = new Int32Array(rows);
  for (let i = 0; i < rows; i++) offsets[i] = i * rows - (i * (i + 1)) / 2 - i - 1;
  return offsets;
}

/** Squared distances from every row of `x` to every row of `y`, row-major (x.rows × y.rows), clamped. */
export function crossSquaredDistances(x: Matrix, y: Matrix): Float64Array {
  const out = new Float64Array(x.rows * y.rows);
  for (let i = 0; i < x.rows; i++) {
    for (let j = 0; j < y.rows; j++)
      out[i * y.rows + j] = squaredDistance(x.data, i * x.cols, y.data, j * y.cols, x.cols);
  }
  return out;
}

/** ‖x[a…a+cols) − y[b…b+cols)‖², clamped at 1e-30. */
export function squaredDistance(x: Float64Array, a: number, y: Float64Array, b: number, cols: number): number {
  let s = 0;
  for (let k = 0; k < cols; k++) {
    const u = x[a + k] - y[b + k];
    s += u * u;
  }
  return clamp(s);
}

function clamp(squared: number): number {
  return squared > MIN_SQUARED_DISTANCE ? squared : MIN_SQUARED_DISTANCE;
}
