/**
 * The one numeric sort of the detectors: `sortNumbers` sorts a Float64Array in place exactly as
 * `Float64Array.prototype.sort()` (ascending, -0 before +0, NaN last), by LSD radix sort on large
 * arrays, where a comparison sort's n·log n dominates tests on 1e6-value samples (ks, …).
 *
 * Technique: P. Terdiman, "Radix Sort Revisited" (2000) and M. Herf, "Radix Tricks" (2001). An
 * IEEE-754 double ordered by value is its bit pattern with the sign bit flipped for positives and
 * all bits flipped for negatives. Rather than rewrite the keys (flipped patterns may be NaNs, which
 * a Float64Array store need not preserve), the passes run on the raw bits, moving whole doubles, and
 * the last pass, whose digit holds the sign, does Terdiman's fix-up: negative buckets in reverse
 * order, each filled back to front. Digits are 16 bits (4 passes, each 32-bit word split in two);
 * a pass whose digit is the same for every value is skipped. Equal values have equal bits, so the
 * reversal cannot reorder anything observable, and the output is bit-identical to the built-in sort.
 */

/**
 * Below this many values the built-in sort (C++ std::sort) is as fast: clearing and scanning the four
 * 65 536-bucket histograms costs ≈ 0.4 ms (measured crossover ≈ 10 000 values, Node 20; 11-bit digits
 * cross at ≈ 6 000 but are 15 % slower at 1e6).
 */
export const RADIX_MIN_LENGTH = 16384;
const DIGIT_BITS = 16;
const BUCKETS = 1 << DIGIT_BITS;
const DIGIT_MASK = BUCKETS - 1;
const PASSES = 4;
/** Little-endian: the low 32-bit word of double i is at 2i, the high word (sign, exponent) at 2i + 1. */
const LITTLE_ENDIAN = new Uint8Array(new Uint32Array([1]).buffer)[0] === 1;

/** Sorts `values` in place as `Float64Array.prototype.sort()` does, and returns it. */
export function sortNumbers(values: Float64Array): Float64Array {
  const n = values.length;
  if (n < RADIX_MIN_LENGTH || !LITTLE_ENDIAN) return values.sort();
  const words = new Uint32Array(values.buffer, values.byteOffset, 2 * n);
  const counts = new Uint32Array(PASSES * BUCKETS);
  for (let i = 0; i < n; i++) {
    // NaN has no place in the bit order (its sign bit is arbitrary); callers drop it before sorting.
    if (values[i] !== values[i]) return values.sort();
    const low = words[2 * i];
    const high = words[2 * i + 1];
    counts[low & DIGIT_MASK]++;
    counts[BUCKETS + (low >>> DIGIT_BITS)]++;
    counts[2 * BUCKETS + (high & DIGIT_MASK)]++;
    counts[3 * BUCKETS + (high >>> DIGIT_BITS)]++;
  }

  let source: Float64Array = values;
  let sourceWords: Uint32Array = words;
  let target: Float64Array = new Float64Array(n);
  let targetWords: Uint32Array = new Uint32Array(target.buffer);
  const offsets = new Uint32Array(BUCKETS);
  for (let pass = 0; pass < PASSES; pass++) {
    const base = pass * BUCKETS;
    const word = pass >> 1;
    const shift = (pass & 1) * DIGIT_BITS;
    const firstDigit = (sourceWords[word] >>> shift) & DIGIT_MASK;
    const last = pass === PASSES - 1;
    const signed = last && firstDigit >= BUCKETS / 2;
    // Every value has this digit: the pass would copy the array unchanged (or, for all-negative
    // values in the sign pass, only reverse it, which the fix-up below still needs).
    if (counts[base + firstDigit] === n && !signed) continue;
    if (last) signPassOffsets(counts, base, offsets);
    else {
      let start = 0;
      for (let d = 0; d < BUCKETS; d++) {
        offsets[d] = start;
        start += counts[base + d];
      }
    }
    for (let i = 0; i < n; i++) {
      const digit = (sourceWords[2 * i + word] >>> shift) & DIGIT_MASK;
      // Negative buckets of the sign pass hold their end offset and fill back to front.
      if (last && digit >= BUCKETS / 2) target[--offsets[digit]] = source[i];
      else target[offsets[digit]++] = source[i];
    }
    [source, target] = [target, source];
    [sourceWords, targetWords] = [targetWords, sourceWords];
  }
  if (source !== values) values.set(source);
  return values;
}

/**
 * Offsets for the pass on the top digit (sign bit first): negatives first, most negative (largest
 * magnitude digit) first, each bucket's offset at its end; then positives in ascending order.
 */
function signPassOffsets(counts: Uint32Array, base: number, offsets: Uint32Array): void {
  let end = 0;
  for (let d = BUCKETS - 1; d >= BUCKETS / 2; d--) {
    end += counts[base + d];
    offsets[d] = end;
  }
  for (let d = 0; d < BUCKETS / 2; d++) {
    offsets[d] = end;
    end += counts[base + d];
  }
}
