/**
 * The multivariate detectors take a vector column as cells get it (one Float32Array per row, null
 * where a row has none) and give what they give for the same rows as number[][]; hashed text
 * embeddings of changed wording are flagged by MMD.
 */
import { describe, expect, it } from "vitest";
import { classifierDrift, hashEmbedding, lsdd, mmd, project, spotTheDiff } from "../../../detectors/index.ts";
import { seededRng } from "../../../detectors/random/rng.ts";

const rng = seededRng(5);
const rows = (n: number, shift: number) =>
  Array.from({ length: n }, () =>
    Array.from({ length: 6 }, (_, j) => Math.fround(rng.normal() + (j === 0 ? shift : 0))),
  );
const reference = rows(60, 0);
const current = rows(60, 1);
const asVectors = (values: number[][]) => [...values.map((row) => Float32Array.from(row)), null];

describe("vector rows", () => {
  it.each([
    ["mmd", (a: unknown[], b: unknown[]) => mmd(a, b, { permutations: 50 })],
    ["lsdd", (a: unknown[], b: unknown[]) => lsdd(a, b, { permutations: 50 })],
    ["classifierDrift", (a: unknown[], b: unknown[]) => classifierDrift(a, b, { seed: 1 })],
    ["spotTheDiff", (a: unknown[], b: unknown[]) => spotTheDiff(a, b, { seed: 1 })],
  ] as const)("%s gives the same result for Float32Array rows as for arrays", (_, test) => {
    const typed = test(asVectors(reference), asVectors(current));
    const plain = test(reference, current);
    expect(typed.statistic).toBe(plain.statistic);
    expect(typed.pValue).toBe(plain.pValue);
    expect(typed.dropped).toMatchObject({ reference: 1, current: 1 });
  });

  it("flags reworded text through hashed embeddings, projected, and MMD, and not a fresh sample of the same wording", () => {
    const words = ["car", "home", "repairs", "wedding", "school", "medical", "holiday", "debt"];
    const pick = (list: string[]) => list[rng.int(list.length)]!;
    const before = () => `loan for ${pick(words)} ${pick(["costs", "expenses", "bills"])}`;
    const after = () => `need money to pay my ${pick(words)} ${pick(["asap", "quickly", "this month"])}`;
    const embed = (make: () => string) => hashEmbedding(Array.from({ length: 80 }, make), { dimensions: 128 });
    const base = embed(before);
    const changed = project(base, embed(after), { dimensions: 8 });
    const same = project(base, embed(before), { dimensions: 8 });
    expect(mmd(changed.reference, changed.current).drift).toBe(true);
    expect(mmd(same.reference, same.current).pValue).toBeGreaterThan(0.05);
  });
});
