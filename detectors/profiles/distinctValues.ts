/**
 * What a numeric profile keeps exactly besides its moments: whether every value is a whole number,
 * and how often each distinct value occurs while there are at most {@link DISTINCT_VALUES_CAP}.
 *
 * Why: the detectors' raw rules look at numbers with few values — Evidently 0.7 calls an integer
 * column with ≤ 10 distinct values categorical and tests it on its value counts, picks chi-square or
 * z for ≤ 5 distinct numbers, and bins a reference with ≤ 20 distinct values one bin per value
 * (autoSelect.ts, bins.ts). A KLL sketch past its exact size keeps a sample of the values, in which
 * a value a few rows hold can be missing; these exact counts make those rules, and the categorical
 * tests on such columns, read what the raw path reads. The cap, 32, is above the largest of those
 * thresholds, so a rule either reads exact counts or knows the column is past it; small enough for a
 * linear scan per value (a column of many values stops being counted at its 33rd) and 520 bytes encoded.
 */

import type { ByteReader, ByteWriter } from "../sketches/bytes.ts";

/** How many distinct values a numeric profile counts exactly; past it the counts are dropped. */
export const DISTINCT_VALUES_CAP = 32;

/** A one-value run, for add (so add and addAll are the same code). */
const single = new Float64Array(1);

export class DistinctValues {
  readonly cap = DISTINCT_VALUES_CAP;
  /** Whether every value counted is a whole number (true while empty). */
  wholeNumbers = true;
  /** The distinct values in order of first appearance, and their counts; null once past the cap. */
  private values: Float64Array | null = new Float64Array(DISTINCT_VALUES_CAP);
  private tallies = new Float64Array(DISTINCT_VALUES_CAP);
  private size = 0;

  /** Exact counts per distinct value, in order of first appearance (-0 and 0 are one value); null past the cap. */
  get counts(): Map<number, number> | null {
    if (this.values === null) return null;
    const counts = new Map<number, number>();
    for (let i = 0; i < this.size; i++) counts.set(this.values[i], this.tallies[i]);
    return counts;
  }

  /** Counts one finite value. */
  add(value: number): void {
    single[0] = value;
    this.addAll(single);
  }

  /** Counts each of a run of finite values, in order. */
  addAll(run: Float64Array): void {
    let whole = this.wholeNumbers;
    let last = 0; // runs of one value are common: try the last one found first
    for (let i = 0; i < run.length; i++) {
      const value = run[i];
      if (whole && Math.floor(value) !== value) whole = false;
      if (this.values === null) {
        if (!whole) break; // past the cap, with a fraction seen: nothing left to learn from the rest
      } else if (last < this.size && this.values[last] === value) this.tallies[last]++;
      else last = this.count(value, 1);
    }
    this.wholeNumbers = whole;
  }

  merge(other: DistinctValues): void {
    this.wholeNumbers &&= other.wholeNumbers;
    if (other.values === null) return this.dropCounts();
    for (let j = 0; j < other.size && this.values !== null; j++) this.count(other.values[j], other.tallies[j]);
  }

  /** Layout: flags (bit 0 whole numbers, bit 1 past the cap), the number of values, the values, their counts. */
  encode(writer: ByteWriter): void {
    writer.uint8((this.wholeNumbers ? 1 : 0) | (this.values === null ? 2 : 0));
    writer.uint8(this.size);
    if (this.values === null) return;
    writer.float64s(this.values.subarray(0, this.size));
    writer.float64s(this.tallies.subarray(0, this.size));
  }

  /** Bytes `encode` writes. */
  get encodedSize(): number {
    return 2 + 16 * this.size;
  }

  /** What `encode` wrote, checked against the profile's `count` of values. */
  static decode(reader: ByteReader, count: number): DistinctValues {
    const decoded = new DistinctValues();
    const flags = reader.uint8();
    const size = reader.uint8();
    if (flags > 3 || size > DISTINCT_VALUES_CAP || (flags & 2 && size !== 0))
      reader.fail(`corrupt distinct values (flags ${flags}, ${size} values)`);
    decoded.wholeNumbers = (flags & 1) === 1;
    if (flags & 2) {
      decoded.dropCounts();
      return decoded;
    }
    const values = reader.float64s(size);
    const tallies = reader.float64s(size);
    let total = 0;
    for (let i = 0; i < size; i++) {
      const value = values[i];
      const broken =
        !Number.isFinite(value) || values.indexOf(value) !== i || (decoded.wholeNumbers && !Number.isInteger(value));
      if (broken || !(Number.isInteger(tallies[i]) && tallies[i] > 0))
        reader.fail(`corrupt distinct value ${values[i]} (count ${tallies[i]})`);
      total += tallies[i];
      decoded.count(value, tallies[i]);
    }
    if (total !== count) reader.fail(`distinct values count ${total} values, count is ${count}`);
    return decoded;
  }

  /** Adds `times` of `value`, dropping the counts when it is one value too many; returns its index (-1 then). */
  private count(value: number, times: number): number {
    const values = this.values as Float64Array;
    let at = 0;
    while (at < this.size && values[at] !== value) at++;
    if (at < this.size) this.tallies[at] += times;
    else if (this.size < DISTINCT_VALUES_CAP) {
      values[this.size] = value;
      this.tallies[this.size++] = times;
    } else {
      this.dropCounts();
      return -1;
    }
    return at;
  }

  private dropCounts(): void {
    this.values = null;
    this.size = 0;
  }
}
