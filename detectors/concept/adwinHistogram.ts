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
  private lengths = new Float64Array(64);
  private sums = new Float64Array(64);

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
   * The splits of the window at bucket boundaries, oldest first: split j has `lengths[j]` errors
   * summing to `sums[j]` before it and at least one bucket after it. Returns how many there are;
   * the arrays (reused between calls) are read up to that count.
   */
  splits(): { count: number; lengths: Float64Array; sums: Float64Array } {
    let buckets = 0;
    for (const level of this.levels) buckets += level.length;
    if (this.lengths.length < buckets) {
      this.lengths = new Float64Array(2 * buckets);
      this.sums = new Float64Array(2 * buckets);
    }
    let count = 0;
    let n0 = 0;
    let sum0 = 0;
    for (let i = this.levels.length - 1; i >= 0; i--) {
      const level = this.levels[i];
      const size = 2 ** i;
      for (let k = 0; k < level.length; k++) {
        if (i === 0 && k === level.length - 1) break;
        n0 += size;
        sum0 += level[k];
        this.lengths[count] = n0;
        this.sums[count++] = sum0;
      }
    }
    return { count, lengths: this.lengths, sums: this.sums };
  }

  private level(i: number): number[] {
    while (this.levels.length <= i) this.levels.push([]);
    return this.levels[i];
  }
}
