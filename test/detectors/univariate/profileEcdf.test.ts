import { describe, expect, it } from "vitest";
import { ks } from "../../../detectors/univariate/ks.ts";
import { wasserstein } from "../../../detectors/univariate/wasserstein.ts";
import { integers, lognormals, normals, profile } from "../profileSamples.ts";

const N = 50000;
const PAIRS = [
  ["normal, undrifted", normals(1, N), normals(2, N)],
  ["normal, shifted by 0.1 sd", normals(3, N), normals(4, N, 0.1)],
  ["normal, wider", normals(5, N), normals(6, N, 0, 1.5)],
  ["lognormal with outliers, undrifted", [...lognormals(7, N), 1e6, 2e6], lognormals(8, N)],
  ["lognormal, rescaled", lognormals(9, N), lognormals(10, N, 1.3)],
  ["integers 0–49", integers(11, N, 50), integers(12, N, 50, 1)],
] as const;

describe("ks and wasserstein from profiles", () => {
  for (const [name, ref, cur] of PAIRS) {
    it(`ks: the raw statistic lies within approximate.bound of the profile's, each alternative (${name})`, () => {
      for (const alternative of ["two-sided", "less", "greater"] as const) {
        const fromProfiles = ks(profile(ref), profile(cur), { alternative });
        const raw = ks(ref, cur, { alternative });
        expect(fromProfiles.approximate?.on).toBe("statistic");
        const bound = fromProfiles.approximate!.bound;
        expect(bound).toBeGreaterThan(0);
        expect(Math.abs(fromProfiles.statistic - raw.statistic), alternative).toBeLessThanOrEqual(bound);
        expect(fromProfiles.dropped).toEqual(raw.dropped);
      }
    });

    it(`wasserstein: the raw distance lies within approximate.bound of the profile's, normed and not (${name})`, () => {
      for (const normed of [true, false]) {
        const fromProfiles = wasserstein(profile(ref), profile(cur), { normed });
        const raw = wasserstein(ref, cur, { normed });
        const bound = fromProfiles.approximate!.bound;
        expect(Math.abs(fromProfiles.statistic - raw.statistic), `normed ${normed}`).toBeLessThanOrEqual(bound);
      }
    });
  }

  it("the KS bound is the sum of the two sketches' rank errors: 2 × 2.296 / 256^0.9723 at the default k", () => {
    const ref = profile(normals(13, N));
    const cur = profile(normals(14, N));
    if (ref.type !== "numeric" || cur.type !== "numeric") throw new Error("numeric profiles expected");
    // Apache DataSketches' normalized rank error of a KLL sketch (single rank, 99%), k = 256.
    expect(ks(ref, cur).approximate!.bound).toBeCloseTo((2 * 2.296) / 256 ** 0.9723, 12);
  });

  it("clear drift and no drift: the same decisions as the raw path", () => {
    const ref = normals(15, N);
    for (const [cur, drifted] of [
      [normals(16, N), false],
      [normals(17, N, 0.3), true],
    ] as const) {
      expect(ks(profile(ref), profile(cur)).drift).toBe(drifted);
      expect(ks(ref, cur).drift).toBe(drifted);
      expect(wasserstein(profile(ref), profile(cur)).drift).toBe(drifted);
      expect(wasserstein(ref, cur).drift).toBe(drifted);
    }
  });

  it("small samples: the sketches hold every value, so D and the distance are the raw ones and nothing is approximate", () => {
    const ref = normals(18, 200);
    const cur = normals(19, 150, 0.4);
    const fromProfiles = ks(profile(ref), profile(cur), { mode: "asymp" });
    const raw = ks(ref, cur, { mode: "asymp" });
    expect(fromProfiles).toEqual(raw);
    const distance = wasserstein(profile(ref), profile(cur));
    expect(distance.approximate).toBeUndefined();
    expect(distance.statistic).toBeCloseTo(wasserstein(ref, cur).statistic, 12);
  });

  it("the p-value is the asymptotic one at the profiles' counts; exact mode needs raw values", () => {
    const ref = normals(20, N);
    const cur = normals(21, N, 0.05);
    const fromProfiles = ks(profile([...ref, null, null]), profile(cur));
    expect(fromProfiles.dropped).toEqual({ reference: 2, current: 0 });
    expect(fromProfiles.pValue).toBeGreaterThan(0);
    expect(fromProfiles.pValue).toBeLessThan(1);
    expect(() => ks(profile(ref), profile(cur), { mode: "exact" })).toThrow(/ks: mode "exact" needs raw values/);
  });

  it("refuses categorical profiles and a profile against raw values", () => {
    expect(() => ks(profile(["a", "b"]), profile(["a"]))).toThrow(/ks: reference is a categorical profile/);
    expect(() => wasserstein(profile([1, 2]), [1, 2])).toThrow(
      /wasserstein: reference is a column profile but current/,
    );
  });
});
