import { describe, expect, it } from "vitest";
import { profileOf, type Profile } from "../../../detectors/profiles/profile.ts";
import { tabularDrift, type SegmentWindow } from "../../../detectors/tabular/tabularDrift.ts";
import { draws, normals } from "../profileSamples.ts";

const PURPOSES = ["car", "home", "medical", "other", "business"];

/** n rows of income (normal, moved by `shift` sd), debt (normal) and purpose (five values), as one profile. */
function window(seed: number, n: number, region: string, shift = 0): Profile {
  return profileOf({
    income: normals(seed, n, 50 + 10 * shift, 10),
    debt: normals(seed + 1, n, 0.3, 0.1),
    purpose: draws(seed + 2, n, PURPOSES),
    region: new Array<string>(n).fill(region),
  });
}

/** The entries `profiles(model, {segment: "region"})` gives: one per value, in value order. */
function segments(profiles: Record<string, Profile>): SegmentWindow[] {
  return Object.entries(profiles).map(([value, profile]) => ({ segment: { column: "region", value }, profile }));
}

const reference = profileOf({
  income: normals(1, 5000, 50, 10),
  debt: normals(2, 5000, 0.3, 0.1),
  purpose: draws(3, 5000, PURPOSES),
  region: draws(4, 5000, ["north", "south", "east", "west"]),
});

describe("tabularDrift per segment", () => {
  const current = segments({
    east: window(10, 800, "east"),
    north: window(20, 800, "north"),
    south: window(30, 800, "south", 1),
    west: window(40, 800, "west"),
  });

  it("finds drift in the one segment where it is, with the default distances", () => {
    const result = tabularDrift(reference, current, { driftShare: 0.3 });
    expect(result.segments.map((s) => [s.value, s.rows, s.drift])).toEqual([
      ["east", 800, false],
      ["north", 800, false],
      ["south", 800, true],
      ["west", 800, false],
    ]);
    expect(result).toMatchObject({ column: "region", drift: true, drifted: ["south"], share: 0.25, testedCount: 4 });
    const south = result.segments[2].result;
    expect(south.features.map((f) => [f.feature, f.method, f.status])).toEqual([
      ["income", "wasserstein", "drifted"],
      ["debt", "wasserstein", "stable"],
      ["purpose", "jensenShannon", "stable"],
    ]);
    // Distances have no p-value: nothing for the correction to decide, thresholds unchanged.
    expect(result.correction).toBeUndefined();
    expect(south.features.every((f) => f.threshold === 0.1)).toBe(true);
  });

  it("finds it there only with p-value tests too, corrected over the family (Benjamini–Hochberg)", () => {
    const result = tabularDrift(reference, current, { method: { numeric: "ks", categorical: "chiSquare" } });
    const drifted = result.segments.flatMap((s) =>
      s.result.features.filter((f) => f.drift).map((f) => `${f.feature}@${s.value}`),
    );
    expect(drifted).toEqual(["income@south"]);
    expect(result.correction).toMatchObject({ method: "fdr", alpha: 0.05, drift: true, flags: expect.any(Array) });
    expect(result.correction!.flags).toHaveLength(12);
    // Each corrected line reports the family's threshold, not its own test's.
    for (const s of result.segments)
      for (const f of s.result.features) expect(f.threshold).toBe(result.correction!.threshold);
  });

  it("leaves the segment column out of the default features (within a segment it is constant)", () => {
    const result = tabularDrift(reference, current);
    for (const s of result.segments)
      expect(s.result.features.map((f) => f.feature)).toEqual(["income", "debt", "purpose"]);
    const named = tabularDrift(reference, current, { features: ["income", "region"] });
    expect(named.segments[0].result.features.map((f) => f.feature)).toEqual(["income", "region"]);
  });

  it("keeps false drift rare on undrifted data across 40 segments, where uncorrected tests would flag some in every run", () => {
    const method = { numeric: "ks", categorical: "chiSquare" } as const;
    let correctedRuns = 0;
    let uncorrectedRuns = 0;
    for (let run = 0; run < 10; run++) {
      const regions = Object.fromEntries(
        Array.from({ length: 40 }, (_, i) => [
          `r${String(i).padStart(2, "0")}`,
          window(1000 * run + 10 * i + 7, 300, `r${i}`),
        ]),
      );
      const result = tabularDrift(reference, segments(regions), { method });
      const pValues = result.segments.flatMap((s) => s.result.features.map((f) => f.pValue!));
      expect(pValues).toHaveLength(120);
      // Any line flagged after the correction (not just a segment's verdict, which needs 2 of its 3).
      if (result.correction!.drift) correctedRuns++;
      // Uncorrected, 120 tests at 0.05 flag about six undrifted lines a run.
      if (pValues.some((p) => p < 0.05)) uncorrectedRuns++;
    }
    // Under no drift at all, BH's chance of any flag is at most α = 0.05: about 0.5 of 10 runs.
    expect(correctedRuns).toBeLessThanOrEqual(2);
    expect(uncorrectedRuns).toBeGreaterThanOrEqual(9);
  });

  it("controls the family-wise error with correction: bonferroni", () => {
    const result = tabularDrift(reference, current, {
      method: { numeric: "ks", categorical: "chiSquare" },
      correction: "bonferroni",
      driftShare: 0.3,
    });
    expect(result.correction).toMatchObject({ method: "bonferroni", threshold: 0.05 / 12 });
    expect(result.drifted).toEqual(["south"]);
  });

  it("judges a small segment insufficient rather than drifted, and says no segment was judged when none was", () => {
    const result = tabularDrift(reference, segments({ tiny: window(5, 12, "tiny", 3) }));
    expect(result.segments[0].result.insufficientCount).toBe(3);
    expect(result).toMatchObject({ drift: false, share: 0, testedCount: 0, drifted: [] });
    expect(tabularDrift(reference, [])).toMatchObject({ segments: [], drift: false, share: 0 });
  });

  it("refuses what it cannot compare, naming the cause", () => {
    const south = current[2];
    expect(() => tabularDrift(reference, [south, { ...south, start: 1 }])).toThrow(
      /region=south comes in 2 intervals; drift per segment compares one window per value/,
    );
    expect(() => tabularDrift(reference, [south, { ...south, segment: { column: "purpose", value: "car" } }])).toThrow(
      /mixes segment columns "region" and "purpose"/,
    );
    expect(() => tabularDrift(reference, [{ profile: south.profile } as SegmentWindow])).toThrow(
      /current\[0\] is a profile without a segment/,
    );
    expect(() => tabularDrift([{ income: 1 }] as unknown as Profile, current)).toThrow(/with a reference Profile/);
  });
});
