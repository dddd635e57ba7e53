/**
 * ADWIN's window as an exponential histogram (Datar, Gionis, Indyk & Motwani 2002; ADWIN2 in Bifet
 * & Gavaldà 2007): level i holds up to M buckets of 2ⁱ errors each, a bucket keeping the sum of
 * its errors, so a window of n errors takes O(M·log(n/M)) buckets and the cut points are the
 * bucket boundaries. Merging follows MOA's compressBuckets. The detectors stop at their first
 * alarm, so the window never drops its oldest buckets, and the window's variance is kept whole
 * (MOA also keeps each bucket's, to subtract it when a bucket is dropped).
 */

export class AdwinHistogram {
  /** Errors in the window. */
  width = 0;
  /** Their sum. */
  total = 0;
  /** Their sum of squared deviations from the window's mean. */
  variance = 0;
  /** levels[i]: the sums of the buckets of 2ⁱ errors, oldest first. */
  private readonly levels: number[][] = [];

  constructor(private readonly maxBuckets: number) {}

  /** Adds the newest error, merging the two oldest buckets of any level that overflows. */
  insert(error: number): void {
    if (this.width > 0) {
      const gap = error - this.total / this.width;
      this.variance += (this.width * gap * gap) / (this.width + 1);
    }
    this.width++;
    this.total += error;
    this.level(0).push(error);
    for (let i = 0; i < this.levels.length && this.levels[i].length > this.maxBuckets; i++) {
      const sums = this.levels[i];
      this.level(i + 1).push(sums[0] + sums[1]);
      sums.splice(0, 2);
    }
  }

  /**
   * Calls `visit(n₀, sum₀)` for each split of the window at a bucket boundary, oldest first:
   * n₀ errors with sum sum₀ before it, at least one bucket after it.
   */
  forEachSplit(visit: (n0: number, sum0: number) => void): void {
    let n0 = 0;
    let sum0 = 0;
    for (let i = this.levels.length - 1; i >= 0; i--) {
      const sums = this.levels[i];
      for (let k = 0; k < sums.length; k++) {
        if (i === 0 && k === sums.length - 1) return;
        n0 += 2 ** i;
        sum0 += sums[k];
        visit(n0, sum0);
      }
    }
  }

  private level(i: number): number[] {
    while (this.levels.length <= i) this.levels.push([]);
    return this.levels[i];
  }
}
