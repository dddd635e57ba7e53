import { describe, expect, it } from "vitest";
import { readFileSync } from "node:fs";
import { project } from "../../../detectors/embeddings/project.ts";

const fixture = JSON.parse(readFileSync(new URL("../../fixtures/scipy/project.json", import.meta.url), "utf8")) as {
  reference: number[][];
  current: number[][];
  explainedVarianceRatio: number[];
  projectedReference: number[][];
  projectedCurrent: number[][];
};

describe("project", () => {
  it("PCA fitted on the reference matches scikit-learn's on both sides (up to each component's sign)", () => {
    const result = project(fixture.reference, fixture.current, { dimensions: 4 });
    expect(result.explainedVarianceRatio!.length).toBe(4);
    result.explainedVarianceRatio!.forEach((ratio, c) =>
      expect(ratio).toBeCloseTo(fixture.explainedVarianceRatio[c]!, 8),
    );
    for (let c = 0; c < 4; c++) {
      const sign = Math.sign(result.reference[0]![c]!) * Math.sign(fixture.projectedReference[0]![c]!);
      for (let i = 0; i < 5; i++) {
        expect(sign * result.reference[i]![c]!).toBeCloseTo(fixture.projectedReference[i]![c]!, 6);
        expect(sign * result.current[i]![c]!).toBeCloseTo(fixture.projectedCurrent[i]![c]!, 6);
      }
    }
  });

  it("takes Float32Array rows as cells get them from a vector column", () => {
    const asFloat32 = (rows: number[][]) => rows.map((row) => Float32Array.from(row));
    const typed = project(asFloat32(fixture.reference), asFloat32(fixture.current), { dimensions: 3 });
    expect(typed.reference.length).toBe(150);
    expect(typed.current[0]!.length).toBe(3);
    typed.explainedVarianceRatio!.forEach((ratio, c) =>
      expect(ratio).toBeCloseTo(fixture.explainedVarianceRatio[c]!, 4),
    );
  });

  it("random projection is seeded, keeps distances roughly (Johnson–Lindenstrauss), and is the same map on both sides", () => {
    const a = project(fixture.reference, fixture.current, { method: "random", dimensions: 8, seed: 3 });
    const b = project(fixture.reference, fixture.current, { method: "random", dimensions: 8, seed: 3 });
    const c = project(fixture.reference, fixture.current, { method: "random", dimensions: 8, seed: 4 });
    expect(a.reference).toEqual(b.reference);
    expect(a.reference).not.toEqual(c.reference);
    expect(a.explainedVarianceRatio).toBeNull();
    // A row sent as current lands where it lands as reference.
    const same = project(fixture.reference, [fixture.reference[7]!], { method: "random", dimensions: 8, seed: 3 });
    expect(same.current[0]).toEqual(same.reference[7]);
    const norm = (v: ArrayLike<number>) => Math.sqrt(Array.from(v).reduce((s, x) => s + x * x, 0));
    const ratios = fixture.reference.map((row, i) => norm(a.reference[i]!) / norm(row));
    const mean = ratios.reduce((s, x) => s + x, 0) / ratios.length;
    expect(mean).toBeGreaterThan(0.5);
    expect(mean).toBeLessThan(1.5);
  });

  it("refuses more dimensions than the input has, and an unknown method", () => {
    expect(() =>
      project(
        [
          [1, 2],
          [3, 4],
        ],
        [[1, 2]],
        { dimensions: 3 },
      ),
    ).toThrow(/dimensions 3 is more than the input's 2/);
    expect(() =>
      project(
        [
          [1, 2],
          [3, 4],
        ],
        [[1, 2]],
        { method: "umap" as "pca", dimensions: 1 },
      ),
    ).toThrow(/method/);
  });
});
