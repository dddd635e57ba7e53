/**
 * The profile of a text or boolean column over a window: count, missing, and exact counts per value
 * while the distinct values fit under a cap (default 1,000). Past the cap, rows of new values go to
 * `other`, and a frequent-items sketch (FrequentItems, mergeable Misra–Gries) keeps the heavy hitters
 * among them with a bounded error. Merging two profiles whose union passes the cap keeps the most
 * frequent values exact and moves the rest's counts into `other` and the sketch, so
 * Σ counts + other = count always holds and the profile's size stays bounded.
 */

import { FrequentItems } from "../sketches/frequentItems.ts";
import { ByteReader, ByteWriter } from "../sketches/bytes.ts";

export const CATEGORICAL_DEFAULT_CAP = 1000;

export interface CategoricalProfileJson {
  type: "categorical";
  count: number;
  missing: number;
  counts: Record<string, number>;
  other: number;
}

export const CATEGORICAL_PROFILE_TAG = 0x43; // "C"
const ENCODING_VERSION = 1;

export class CategoricalProfile {
  readonly type = "categorical";
  /** Non-missing values. */
  count = 0;
  missing = 0;
  /** value → count, for the values that fit under the cap. */
  counts = new Map<string, number>();
  /** Rows whose value is not in `counts`. */
  other = 0;
  /** The heavy hitters among the `other` rows; null until the cap is passed. */
  frequent: FrequentItems | null = null;

  /** @param cap how many distinct values are counted exactly */
  constructor(readonly cap = CATEGORICAL_DEFAULT_CAP) {
    if (!Number.isInteger(cap) || cap < 1)
      throw new Error(`CategoricalProfile: cap must be a positive integer, got ${cap}`);
  }

  add(value: string, times = 1): void {
    checkTimes("CategoricalProfile.add", times);
    this.count += times;
    const known = this.counts.get(value);
    if (known !== undefined || this.counts.size < this.cap) this.counts.set(value, (known ?? 0) + times);
    else this.addOther(value, times);
  }

  addMissing(times = 1): void {
    checkTimes("CategoricalProfile.addMissing", times);
    this.missing += times;
  }

  /**
   * `add` of every value of a column (or of its rows `rows`, indices into it), `addMissing` of its
   * nulls, counted in a Map first and added once per distinct value, in the order values first
   * appear: count, missing, `counts` and `other` are exactly what adding one by one gives (a value
   * gets into `counts` on its first appearance or never); the frequent-items sketch, if the cap is
   * passed, takes each value's count at once, within the same bound.
   */
  addAll(values: readonly (string | null)[], rows?: Int32Array): void {
    const n = rows ? rows.length : values.length;
    // One lookup per value: each count lives in a slot that is incremented in place.
    const seen = new Map<string, { times: number }>();
    let missing = 0;
    for (let i = 0; i < n; i++) {
      const value = values[rows ? rows[i] : i];
      if (value === null || value === undefined) missing++;
      else {
        const slot = seen.get(value);
        if (slot) slot.times++;
        else seen.set(value, { times: 1 });
      }
    }
    for (const [value, { times }] of seen) this.add(value, times);
    if (missing > 0) this.addMissing(missing);
  }

  merge(other: CategoricalProfile): void {
    this.count += other.count;
    this.missing += other.missing;
    this.other += other.other;
    if (other.frequent) (this.frequent ??= new FrequentItems(other.frequent.capacity)).merge(other.frequent);
    for (const [value, count] of other.counts) this.counts.set(value, (this.counts.get(value) ?? 0) + count);
    if (this.counts.size <= this.cap) return;
    // Keep the most frequent values exact (ties by value, so the result does not depend on order).
    const ranked = [...this.counts].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1));
    for (const [value, count] of ranked.slice(this.cap)) {
      this.counts.delete(value);
      this.addOther(value, count);
    }
  }

  toJSON(): CategoricalProfileJson {
    return {
      type: "categorical",
      count: this.count,
      missing: this.missing,
      counts: Object.fromEntries(this.counts),
      other: this.other,
    };
  }

  /** Layout: tag, version, cap, count, missing, other, the counts as (value, count) pairs, the sketch if any. */
  encode(): Uint8Array {
    const writer = new ByteWriter(CATEGORICAL_PROFILE_TAG, ENCODING_VERSION);
    writer.uint32(this.cap);
    for (const field of [this.count, this.missing, this.other]) writer.float64(field);
    writer.uint32(this.counts.size);
    for (const [value, count] of this.counts) {
      writer.string(value);
      writer.float64(count);
    }
    writer.uint8(this.frequent ? 1 : 0);
    if (this.frequent) writer.bytes(this.frequent.encode());
    return writer.finish();
  }

  static decode(bytes: Uint8Array): CategoricalProfile {
    const reader = new ByteReader(bytes, "CategoricalProfile.decode", CATEGORICAL_PROFILE_TAG, ENCODING_VERSION);
    const cap = reader.uint32();
    if (cap < 1) reader.fail("cap 0");
    const profile = new CategoricalProfile(cap);
    profile.count = reader.float64();
    profile.missing = reader.float64();
    profile.other = reader.float64();
    const size = reader.uint32();
    for (let i = 0; i < size; i++) {
      const value = reader.string();
      profile.counts.set(value, reader.float64());
    }
    if (reader.uint8() === 1) profile.frequent = FrequentItems.decode(reader.bytes());
    reader.end();
    return profile;
  }

  private addOther(value: string, times: number): void {
    this.other += times;
    (this.frequent ??= new FrequentItems()).update(value, times);
  }
}

/** Counts are whole and positive. */
export function checkTimes(fn: string, times: number): void {
  if (!Number.isInteger(times) || times < 1) throw new Error(`${fn}: times must be a positive integer, got ${times}`);
}
