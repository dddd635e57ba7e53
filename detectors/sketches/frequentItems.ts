/**
 * Frequent items: the mergeable Misra–Gries summary of Agarwal, Cormode, Huang, Phillips, Wei & Yi,
 * "Mergeable Summaries" (PODS 2012, ACM TODS 2013, https://arxiv.org/abs/1206.1582), Section 3.
 * At most `capacity` counters survive a reduction; a reduction subtracts the (capacity+1)-th largest
 * counter δ from every counter and drops those left at ≤ 0. Each reduction removes ≥ (capacity+1)·δ
 * of the stream's weight, so the δs sum to at most n/(capacity+1): every counter undercounts its
 * item by at most that sum (`maxError()`), and an item without a counter occurred at most that often.
 * Merging adds the counters and reduces once (the paper's merge), adding both sides' errors.
 * As DataSketches' ItemsSketch, counters may grow to 2·capacity before a reduction, so an update
 * costs O(log capacity) amortized instead of a scan per new item once the summary is full.
 */

import { ByteReader, ByteWriter } from "./bytes.ts";

export const FREQUENT_ITEMS_DEFAULT_CAPACITY = 256;
const ENCODING_TAG = 0x46; // "F"
const ENCODING_VERSION = 1;

export class FrequentItems {
  private counters = new Map<string, number>();
  private total = 0;
  private error = 0;

  /** @param capacity counters kept after a reduction; the error is at most n/(capacity + 1) */
  constructor(readonly capacity = FREQUENT_ITEMS_DEFAULT_CAPACITY) {
    if (!Number.isInteger(capacity) || capacity < 1) {
      throw new Error(`FrequentItems: capacity must be a positive integer, got ${capacity}`);
    }
  }

  /** The total weight seen. */
  get n(): number {
    return this.total;
  }

  update(item: string, count = 1): void {
    if (!(count > 0) || !Number.isFinite(count)) {
      throw new Error(`FrequentItems.update: count must be a positive finite number, got ${count}`);
    }
    this.total += count;
    this.counters.set(item, (this.counters.get(item) ?? 0) + count);
    if (this.counters.size > 2 * this.capacity) this.reduce();
  }

  merge(other: FrequentItems): void {
    const entries = [...other.counters];
    this.total += other.total;
    this.error += other.error;
    for (const [item, count] of entries) this.counters.set(item, (this.counters.get(item) ?? 0) + count);
    if (this.counters.size > this.capacity) this.reduce();
  }

  /** Tracked items by estimate, descending: the true count lies in [lower, upper]. */
  items(): { item: string; lower: number; upper: number }[] {
    return [...this.counters]
      .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))
      .map(([item, count]) => ({ item, lower: count, upper: count + this.error }));
  }

  /** The most any item's count is underestimated by (and the most an untracked item occurred). */
  maxError(): number {
    return this.error;
  }

  /** Layout: tag, version, capacity (uint32), n, error (float64), counters (uint32), then (item, count) pairs. */
  encode(): Uint8Array {
    const writer = new ByteWriter(ENCODING_TAG, ENCODING_VERSION);
    writer.uint32(this.capacity);
    writer.float64(this.total);
    writer.float64(this.error);
    writer.uint32(this.counters.size);
    for (const [item, count] of this.counters) {
      writer.string(item);
      writer.float64(count);
    }
    return writer.finish();
  }

  static decode(bytes: Uint8Array): FrequentItems {
    const reader = new ByteReader(bytes, "FrequentItems.decode", ENCODING_TAG, ENCODING_VERSION);
    const capacity = reader.uint32();
    if (capacity < 1) reader.fail("capacity 0");
    const sketch = new FrequentItems(capacity);
    sketch.total = reader.float64();
    sketch.error = reader.float64();
    const size = reader.uint32();
    for (let i = 0; i < size; i++) {
      const item = reader.string();
      sketch.counters.set(item, reader.float64());
    }
    reader.end();
    return sketch;
  }

  /** Subtracts the (capacity+1)-th largest counter from all and drops those left at ≤ 0. */
  private reduce(): void {
    const counts = Float64Array.from(this.counters.values()).sort();
    const delta = counts[counts.length - 1 - this.capacity];
    this.error += delta;
    for (const [item, count] of this.counters) {
      if (count <= delta) this.counters.delete(item);
      else this.counters.set(item, count - delta);
    }
  }
}
