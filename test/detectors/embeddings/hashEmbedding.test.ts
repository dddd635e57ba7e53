import { describe, expect, it } from "vitest";
import { hashEmbedding } from "../../../detectors/embeddings/hashEmbedding.ts";

const cosine = (a: Float32Array, b: Float32Array) => a.reduce((s, x, i) => s + x * b[i]!, 0);

describe("hashEmbedding", () => {
  it("gives deterministic L2-normalised vectors, null for missing text and zero for text without n-grams", () => {
    const [a, missing, empty] = hashEmbedding(["Buy a used car", null, "  "], { dimensions: 64 });
    expect(a!.length).toBe(64);
    expect(Math.sqrt(cosine(a!, a!))).toBeCloseTo(1, 6);
    expect(missing).toBeNull();
    expect(Array.from(empty!).every((x) => x === 0)).toBe(true);
    expect(hashEmbedding(["Buy a used car"], { dimensions: 64 })[0]).toEqual(a);
    // Pinned: the hash is FNV-1a over UTF-16, the same on every machine.
    expect(
      Array.from(hashEmbedding(["car"], { dimensions: 8, ngrams: { words: [1, 1], characters: null } })[0]!),
    ).toEqual(Array.from(hashEmbedding(["CAR!"], { dimensions: 8, ngrams: { words: [1, 1], characters: null } })[0]!));
  });

  it("puts texts that share words and spellings closer than unrelated ones", () => {
    const [car, cars, roof] = hashEmbedding(["buying a used car", "buying used cars", "fix the roof of the house"]);
    expect(cosine(car!, cars!)).toBeGreaterThan(0.4);
    expect(cosine(car!, roof!)).toBeLessThan(0.15);
  });

  it("refuses a bad n-gram range", () => {
    expect(() => hashEmbedding(["x"], { ngrams: { words: [2, 1] } })).toThrow(/ngrams.words/);
    expect(() => hashEmbedding(["x"], { dimensions: 0 })).toThrow(/dimensions/);
  });
});
