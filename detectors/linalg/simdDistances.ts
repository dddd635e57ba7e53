/**
 * The bulk of pairwiseSquaredDistances (distances.ts) on WebAssembly SIMD (pairDistances.wat):
 * the rows are cut in blocks of eight, and every pair (i, j) with row i before the block of row
 * j is computed there, two rows against a block at a time; distances.ts computes the pairs inside
 * each block and those of the last rows that fill no block, with the scalar loop. Each lane sums
 * its pair's coordinates in the scalar loop's order, so results are bit-identical to it; the
 * gain is width (two pairs an instruction) and loads (each coordinate serves eight pairs).
 * On 2000 rows × 768 coordinates it takes ~280 ms where the scalar loop takes ~740 ms (README).
 */

import type { Matrix } from "./matrix.ts";
import { PAIR_DISTANCES_WASM } from "./pairDistancesWasm.ts";

// detectors/ is typed without the DOM's or Node's declarations: the parts of WebAssembly used here.
declare const WebAssembly: {
  Module: new (bytes: Uint8Array) => object;
  Instance: new (module: object, imports: object) => { exports: { block: BlockKernel } };
  Memory: new (descriptor: { initial: number }) => { buffer: ArrayBuffer };
};

/** pairDistances.wat's `block`: (rows, block, out, outStride, cols, iEnd), pointers in bytes. */
type BlockKernel = (rows: number, block: number, out: number, outStride: number, cols: number, iEnd: number) => void;

/** Rows of a block, the pairs one lane group covers. */
export const SIMD_BLOCK = 8;
/** Blocks whose distances the kernel writes before they are copied out: bounds the output buffer. */
const BLOCKS_PER_GROUP = 8;
const PAGE_BYTES = 65_536;
/** Fewer rows make fewer than four blocks, whose pairs inside blocks (the scalar loop's) are then a large share. */
const MIN_ROWS = 4 * SIMD_BLOCK;

let compiled: object | null | undefined;

/** The compiled module, or null where WebAssembly SIMD is not available (the scalar loop serves). */
function kernelModule(): object | null {
  if (compiled === undefined) {
    try {
      compiled = new WebAssembly.Module(PAIR_DISTANCES_WASM);
    } catch {
      compiled = null;
    }
  }
  return compiled;
}

/**
 * Writes into `out` (packed as by pairwiseSquaredDistances, at `offsets[i] + j`) the distance of
 * every pair i < j whose row i lies before the block of row j, and returns how many rows the
 * blocks cover (a multiple of SIMD_BLOCK); 0 when it did nothing (too few rows, no WebAssembly
 * SIMD, or no memory for the copies), leaving every pair to the caller.
 */
export function simdPairBlocks(z: Matrix, out: Float64Array, offsets: Int32Array): number {
  const { data, rows, cols } = z;
  const covered = rows - (rows % SIMD_BLOCK);
  const module = rows >= MIN_ROWS && cols > 0 ? kernelModule() : null;
  if (!module) return 0;
  const groupWidth = SIMD_BLOCK * BLOCKS_PER_GROUP;
  // Memory: the rows as they are, the same rows block by block, and one group's output.
  const rowBytes = rows * cols * 8;
  const outStart = 2 * rowBytes;
  const bytes = outStart + rows * groupWidth * 8;
  let memory;
  try {
    memory = new WebAssembly.Memory({ initial: Math.ceil(bytes / PAGE_BYTES) });
  } catch {
    return 0; // past WebAssembly's 4 GiB, or more than the machine will give: the scalar loop needs no copies
  }
  const { block } = new WebAssembly.Instance(module, { linalg: { memory } }).exports;
  new Float64Array(memory.buffer, 0, rows * cols).set(data.subarray(0, rows * cols));
  const blocked = new Float64Array(memory.buffer, rowBytes, covered * cols);
  for (let first = 0; first < covered; first += SIMD_BLOCK) {
    const base = first * cols;
    for (let r = 0; r < SIMD_BLOCK; r++) {
      const row = (first + r) * cols;
      for (let k = 0; k < cols; k++) blocked[base + k * SIMD_BLOCK + r] = data[row + k];
    }
  }
  const group = new Float64Array(memory.buffer, outStart, rows * groupWidth);
  for (let start = 0; start < covered; start += groupWidth) {
    const end = Math.min(covered, start + groupWidth);
    for (let first = start; first < end; first += SIMD_BLOCK) {
      block(0, rowBytes + first * cols * 8, outStart + (first - start) * 8, groupWidth, cols, first);
    }
    // Row i's pairs with the group's blocks after its own are contiguous in both layouts.
    for (let i = 0; i < end - SIMD_BLOCK; i++) {
      const from = Math.max(start, i - (i % SIMD_BLOCK) + SIMD_BLOCK);
      out.set(group.subarray(i * groupWidth + from - start, i * groupWidth + end - start), offsets[i] + from);
    }
  }
  return covered;
}
