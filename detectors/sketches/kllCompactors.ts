/**
 * The compactor stack of a KLL sketch (kll.ts), laid out as Apache DataSketches' KllDoublesSketch
 * (https://datasketches.apache.org/docs/KLL/KLLSketch.html): level h holds items of weight 2^h; level
 * h of H may hold max(8, round(k·(2/3)^(H−1−h))) items. Compaction is lazy: nothing is compacted
 * until all levels together reach their total capacity, then only the lowest full level is, which
 * sorts it, keeps every other item (odd or even positions by a fair coin) and merges those into the
 * level above. Two stacks merge level by level, then compact the same way.
 *
 * Kept apart from kll.ts, which adds what the stack does not know (the count, min and max, the
 * sorted view queries read, the encoding): the stack's state is public to that module only.
 */

import { nextSplitmixState, splitmix32 } from "../random/rng.ts";
import { sortLevel } from "./sortLevel.ts";

/** The smallest level capacity (DataSketches' m). */
const MIN_LEVEL_CAPACITY = 8;
const DEFAULT_COIN_SEED = 0x2545f491;

export class KllCompactors {
  /** levels[h] holds sizes[h] items of weight 2^h; level 0 is unsorted, the others ascending. */
  levels: Float64Array[] = [new Float64Array(MIN_LEVEL_CAPACITY)]; // grows as it fills (a decoded stack replaces it)
  sizes: number[] = [0];
  /** Items held over all levels, and how many they may hold before a compaction. */
  retained = 0;
  totalCapacity = 0;
  /** The splitmix32 coin's state, encoded with the sketch so a decoded one continues its sequence. */
  coinState = DEFAULT_COIN_SEED;
  private capacities: number[] = [];

  /**
   * @param k the accuracy parameter (checked by KllSketch)
   * @param random a source of uniform [0, 1) numbers for the coin (default: the seeded splitmix32)
   */
  constructor(
    public k: number,
    private readonly random?: () => number,
  ) {
    this.updateCapacities();
  }

  /** Whether the levels hold as many items as they may: the next change compacts. */
  get full(): boolean {
    return this.retained >= this.totalCapacity;
  }

  /** Recomputes each level's capacity after levels are added or k changes. */
  updateCapacities(): void {
    const levels = this.levels.length;
    this.capacities.length = levels;
    this.totalCapacity = 0;
    for (let h = 0; h < levels; h++) {
      this.capacities[h] = levelCapacity(this.k, levels - 1 - h);
      this.totalCapacity += this.capacities[h];
    }
  }

  /** Room for `extra` more items at level h (the buffer doubles); returns the level's buffer. */
  reserve(h: number, extra: number): Float64Array {
    const needed = this.sizes[h] + extra;
    if (needed > this.levels[h].length) {
      const grown = new Float64Array(Math.max(needed, this.levels[h].length * 2));
      grown.set(this.levels[h].subarray(0, this.sizes[h]));
      this.levels[h] = grown;
    }
    return this.levels[h];
  }

  /** Adds one item to level 0 and compacts when that fills the stack. */
  push(value: number): void {
    this.reserve(0, 1)[this.sizes[0]++] = value;
    this.retained++;
    if (this.full) this.compactLowestFullLevel();
  }

  /** Adds every level of `source` (another stack, not this one) to this one, then compacts while full. */
  merge(source: KllCompactors): void {
    while (this.levels.length < source.levels.length) this.addLevel();
    for (let h = 0; h < source.levels.length; h++) {
      const [items, count] = [source.levels[h], source.sizes[h]];
      if (h === 0) {
        this.reserve(0, count).set(items.subarray(0, count), this.sizes[0]);
        this.sizes[0] += count;
      } else this.mergeSortedInto(h, items, count);
    }
    this.retained += source.retained;
    // A sketch merged with a smaller-k one keeps the smaller k, the one its error bound depends on.
    this.k = Math.min(this.k, source.k);
    this.updateCapacities();
    while (this.full) this.compactLowestFullLevel();
  }

  /** Lazy compaction: only the lowest level at or over its capacity (one exists when the total is reached). */
  compactLowestFullLevel(): void {
    let h = 0;
    while (this.sizes[h] < this.capacities[h]) h++;
    if (h === this.levels.length - 1) this.addLevel();
    const level = this.levels[h];
    const size = this.sizes[h];
    // An odd item out stays behind: level 0's first (arbitrary) item, or a sorted level's smallest.
    const start = size & 1;
    if (h === 0) sortLevel(level, start, size);
    const half = (size - start) >> 1;
    this.sizes[h] = start;
    this.mergeSortedInto(h + 1, level, half, start + this.coin(), 2);
    this.retained -= half;
  }

  private addLevel(): void {
    this.levels.push(new Float64Array(MIN_LEVEL_CAPACITY));
    this.sizes.push(0);
    this.updateCapacities();
  }

  /**
   * Merges `count` ascending items of `items` (at first, first + step, …) into the ascending level
   * h, from the back, in place; a compaction passes its level with step 2, so the kept items are
   * never copied out first.
   */
  private mergeSortedInto(h: number, items: Float64Array, count: number, first = 0, step = 1): void {
    const level = this.reserve(h, count);
    let i = this.sizes[h] - 1;
    let j = count - 1;
    for (let out = this.sizes[h] + count - 1; j >= 0; out--) {
      const item = items[first + j * step];
      if (i >= 0 && level[i] > item) level[out] = level[i--];
      else {
        level[out] = item;
        j--;
      }
    }
    this.sizes[h] += count;
  }

  /** 0 or 1 with equal odds. */
  private coin(): number {
    if (this.random) return this.random() < 0.5 ? 0 : 1;
    this.coinState = nextSplitmixState(this.coinState);
    return splitmix32(this.coinState) >>> 31;
  }
}

/** DataSketches' KllHelper.levelCapacity: max(m, round(k·(2/3)^depth)), depth counted from the top level. */
function levelCapacity(k: number, depth: number): number {
  if (depth > 30) return MIN_LEVEL_CAPACITY;
  return Math.max(MIN_LEVEL_CAPACITY, (Math.floor((2 * k * 2 ** depth) / 3 ** depth) + 1) >> 1);
}
