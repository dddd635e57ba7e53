import { describe, expect, it } from "vitest";
import { hellinger } from "../../../detectors/distance/hellinger.ts";
import { jensenShannon } from "../../../detectors/distance/jensenShannon.ts";
import { kl } from "../../../detectors/distance/kl.ts";
import { profileShares } from "../../../detectors/distance/profileBins.ts";
import { psi } from "../../../detectors/distance/psi.ts";
import { tvd } from "../../../detectors/distance/tvd.ts";
import type { ProfiledColumn } from "../../../detectors/inputs/profileInputs.ts";
import { draws, integers, lognormals, normals, profile } from "../profileSamples.ts";

const DISTANCES = { psi, kl, jensenShannon, hellinger };

describe("binned distances from profiles", () => {
  it("on categories: every distance equals the raw one exactly, binned by category", () => {
    const names = ["a", "b", "c", "d"];
    const ref = draws(1, 4000, names, [4, 3, 2, 1]);
    const cur = draws(2, 3000, [...names, "e"], [2, 3, 2, 2, 1]);
    for (const [name, distance] of Object.entries(DISTANCES)) {
      const { binning, ...fromProfiles } = distance(profile(ref), profile(cur));
      expect(binning, name).toBe("categories");
      expect(fromProfiles, name).toEqual(distance(ref, cur));
    }
    const { binning, ...fromProfiles } = tvd(profile(ref), profile(cur), { permutations: 50 });
    expect(binning).toBeUndefined();
    expect(fromProfiles.statistic).toBe(tvd(ref, cur, { permutations: 50 }).statistic);
  });

  for (const [name, make, shifted] of [
    ["normal", (seed: number, n: number) => normals(seed, n), (seed: number, n: number) => normals(seed, n, 0.6)],
    [
      "lognormal",
      (seed: number, n: number) => lognormals(seed, n),
      (seed: number, n: number) => lognormals(seed, n).map((x) => x + 2),
    ],
  ] as const) {
    it(`numeric (${name}): the same drift decisions as the raw path on drifted and undrifted pairs, binned on reference quantiles`, () => {
      const ref = make(1, 40000);
      const undrifted = make(2, 30000);
      const drifted = shifted(3, 30000);
      for (const [distanceName, distance] of Object.entries(DISTANCES)) {
        for (const [label, cur, expected] of [
          ["undrifted", undrifted, false],
          ["drifted", drifted, true],
        ] as const) {
          const fromProfiles = distance(profile(ref), profile(cur));
          const what = `${distanceName} ${label}`;
          expect(fromProfiles.binning, what).toBe("reference-quantiles");
          expect(fromProfiles.approximate?.on, what).toBe("bin shares");
          expect(distance(ref, cur).drift, `${what} (raw)`).toBe(expected);
          expect(fromProfiles.drift, what).toBe(expected);
        }
      }
    });
  }

  it("every bin share read from a sketch is within the stated bound of the exact share of that bin", () => {
    const ref = lognormals(4, 60000);
    const cur = normals(5, 50000, 2, 1);
    const pair = { reference: profile(ref), current: profile(cur) } as {
      reference: ProfiledColumn;
      current: ProfiledColumn;
    };
    const shares = profileShares(pair, undefined, "psi", false);
    const edges = shares.edges!;
    expect(edges.length + 1).toBe(Math.ceil(Math.log2(110000) + 1));
    const bound = shares.note.approximate!.bound;
    expect(bound).toBeGreaterThan(0);
    const exact = (values: number[]) => {
      const counts = new Float64Array(edges.length + 1);
      for (const v of values) {
        let bin = edges.findIndex((edge) => v <= edge);
        if (bin < 0) bin = edges.length;
        counts[bin]++;
      }
      return counts.map((count) => count / values.length);
    };
    const refExact = exact(ref);
    const curExact = exact(cur);
    for (let i = 0; i <= edges.length; i++) {
      expect(Math.abs(shares.reference[i] - refExact[i]), `reference bin ${i}`).toBeLessThanOrEqual(bound);
      expect(Math.abs(shares.current[i] - curExact[i]), `current bin ${i}`).toBeLessThanOrEqual(bound);
    }
  });

  it("numeric columns with few values get one bin per value, as the raw path bins them", () => {
    const ref = integers(6, 30000, 8);
    const undrifted = integers(7, 20000, 8);
    const drifted = integers(8, 20000, 8, 2);
    for (const [distanceName, distance] of Object.entries(DISTANCES)) {
      const still = distance(profile(ref), profile(undrifted));
      const moved = distance(profile(ref), profile(drifted));
      expect(still.binning, distanceName).toBe("values");
      expect([still.drift, moved.drift], distanceName).toEqual([
        distance(ref, undrifted).drift,
        distance(ref, drifted).drift,
      ]);
      expect(moved.drift, distanceName).toBe(true);
    }
  });

  it("small samples: the sketches hold every value, so per-value bins are exact", () => {
    const ref = integers(9, 200, 5);
    const cur = integers(10, 150, 5, 1);
    const fromProfiles = psi(profile(ref), profile(cur));
    expect(fromProfiles.approximate).toBeUndefined();
    expect(fromProfiles.statistic).toBeCloseTo(psi(ref, cur).statistic, 12);
  });

  it("refuses type numeric on categorical profiles, and a profile against raw values", () => {
    expect(() => psi(profile(["a"]), profile(["b"]), { type: "numeric" })).toThrow(
      /psi: type "numeric" needs two numeric profiles/,
    );
    expect(() => kl([1, 2, 3], profile([1, 2, 3]))).toThrow(
      /kl: current is a column profile but reference is raw values/,
    );
  });
});
