/**
 * The test window of an online detector: the latest W instances in a ring of rows, so an update
 * overwrites the oldest row in place instead of shifting the window (Alibi's torch.cat). Sums over
 * the window are taken oldest first, so a detector rebuilt from its saved rows adds in the same
 * order and gives bit-identical statistics.
 */

import type { Matrix } from "../linalg/matrix.ts";

export class SlidingWindow {
  readonly rows: Float64Array;
  /** The slot holding the oldest row. */
  private oldest = 0;

  constructor(
    readonly size: number,
    readonly cols: number,
  ) {
    this.rows = new Float64Array(size * cols);
  }

  /** Fills the window with `initial`'s rows, oldest first. */
  fill(initial: Matrix): void {
    this.rows.set(initial.data.subarray(0, this.size * this.cols));
    this.oldest = 0;
  }

  /** Replaces the oldest row by `x` and returns the slot written (now the newest). */
  push(x: Float64Array): number {
    const slot = this.oldest;
    this.rows.set(x, slot * this.cols);
    this.oldest = (slot + 1) % this.size;
    return slot;
  }

  /** The slot of the k-th oldest row (k = 0 is the oldest). */
  slot(k: number): number {
    return (this.oldest + k) % this.size;
  }

  /** The rows oldest first, as a matrix. */
  chronological(): Matrix {
    const data = new Float64Array(this.rows.length);
    for (let k = 0; k < this.size; k++)
      data.set(this.rows.subarray(this.slot(k) * this.cols, (this.slot(k) + 1) * this.cols), k * this.cols);
    return { data, rows: this.size, cols: this.cols };
  }
}
