/**
 * Text as vectors without a model: feature hashing of word and character n-grams (Weinberger et
 * al. 2009, "Feature Hashing for Large Scale Multitask Learning"; scikit-learn's
 * HashingVectorizer with alternate_sign and norm="l2", analyzer "word" plus "char_wb"). Each
 * n-gram adds ±1 at the index its hash gives, the sign from another bit of the hash so collisions
 * cancel in expectation; the vector is L2-normalised so text length does not count. Deterministic
 * across machines (FNV-1a over UTF-16 code units), so text drift works out of the box; a real
 * encoder's vectors, logged as a vector feature, carry meaning hashing cannot.
 */
import { checkCount } from "../inputs/options.ts";

export interface HashEmbeddingOptions {
  /** Vector length (default 256). */
  dimensions?: number;
  /** Word and character n-gram lengths as [min, max] (default words [1, 2], characters [3, 4]); null leaves one out. */
  ngrams?: { words?: readonly [number, number] | null; characters?: readonly [number, number] | null };
}

/**
 * One Float32Array per text (null for null, undefined or a non-string), lower-cased: word
 * n-grams over runs of letters and digits, character n-grams inside each word padded with a space
 * on either side (as char_wb). A text with no n-gram is the zero vector.
 *
 * @example
 * const vectors = hashEmbedding(table.array("purpose"), { dimensions: 128 });
 */
export function hashEmbedding(texts: ArrayLike<unknown>, options: HashEmbeddingOptions = {}): (Float32Array | null)[] {
  const { dimensions = 256 } = options;
  checkCount(dimensions, "dimensions", 1, "hashEmbedding");
  const words = range(options.ngrams?.words, [1, 2], "words");
  const characters = range(options.ngrams?.characters, [3, 4], "characters");
  const out: (Float32Array | null)[] = [];
  for (let i = 0; i < texts.length; i++) {
    const text = texts[i];
    out.push(typeof text === "string" ? embed(text, dimensions, words, characters) : null);
  }
  return out;
}

function range(value: readonly [number, number] | null | undefined, fallback: [number, number], name: string) {
  if (value === null) return null;
  const [min, max] = value ?? fallback;
  if (!Number.isInteger(min) || !Number.isInteger(max) || min < 1 || max < min) {
    throw new Error(
      `hashEmbedding: ngrams.${name} must be [min, max] with 1 ≤ min ≤ max, got ${JSON.stringify(value)}`,
    );
  }
  return [min, max] as const;
}

function embed(
  text: string,
  dimensions: number,
  words: readonly [number, number] | null,
  characters: readonly [number, number] | null,
): Float32Array {
  const sums = new Float64Array(dimensions);
  const add = (gram: string) => {
    const hash = fnv1a(gram);
    sums[hash % dimensions]! += hash & 0x80000000 ? -1 : 1;
  };
  const tokens = text.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? [];
  if (words) {
    for (let n = words[0]; n <= words[1]; n++)
      for (let i = 0; i + n <= tokens.length; i++) add(`w${tokens.slice(i, i + n).join(" ")}`);
  }
  if (characters) {
    for (const token of tokens) {
      const padded = ` ${token} `;
      for (let n = characters[0]; n <= characters[1]; n++)
        for (let i = 0; i + n <= padded.length; i++) add(`c${padded.slice(i, i + n)}`);
    }
  }
  let norm = 0;
  for (const value of sums) norm += value * value;
  norm = Math.sqrt(norm);
  return Float32Array.from(sums, (value) => (norm > 0 ? value / norm : 0));
}

/** 32-bit FNV-1a (http://www.isthe.com/chongo/tech/comp/fnv/), unsigned. */
function fnv1a(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return hash >>> 0;
}
