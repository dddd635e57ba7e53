import { describe, expect, it } from "vitest";
import type { NumericProfile } from "../../../detectors/profiles/numeric.ts";
import { profileOf, type Profile } from "../../../detectors/profiles/profile.ts";
import { profileColumnType } from "../../../detectors/tabular/profileDrift.ts";
import {
  tabularDrift,
  type TabularDriftOptions,
  type TabularDriftResult,
} from "../../../detectors/tabular/tabularDrift.ts";
import { expectClose } from "../close.ts";
import { draws, integers, lognormals, normals, profile } from "../profileSamples.ts";
import { tableColumns, tableLike, tabularCases } from "./tabularCases.ts";

type Cell = number | string | boolean | null;

/** A table's profile, as the store would keep it: NaN and ±Infinity are logged as missing. */
function profileTable(columns: Record<string, ArrayLike<unknown>>): Profile {
  const cells = (values: ArrayLike<unknown>): Cell[] =>
    Array.from(values, (v) => (typeof v === "number" && !Number.isFinite(v) ? null : ((v ?? null) as Cell)));
  return profileOf(Object.fromEntries(Object.entries(columns).map(([name, values]) => [name, cells(values)])));
}

/** Each feature's verdict: its test, and drifted or not. */
function decisions(result: TabularDriftResult): Record<string, string> {
  return Object.fromEntries(result.features.map((f) => [f.feature, `${f.method}: ${f.status}`]));
}

/** A generated table: numeric, lognormal, integer, categorical and binary features, plus model columns. */
function table(seed: number, n: number, drift: boolean): Record<string, Cell[]> {
  return {
    age: normals(seed, n, drift ? 45 : 40, 10),
    income: lognormals(seed + 1, n, drift ? 1.5 : 1),
    children: integers(seed + 2, n, 4, drift ? 1 : 0),
    region: draws(seed + 3, n, ["eu", "us", "apac"], drift ? [1, 2, 2] : [2, 2, 1]),
    owner: draws(seed + 4, n, ["yes", "no"], drift ? [3, 1] : [1, 1]),
    prediction: draws(seed + 5, n, ["0", "1"]),
    score: normals(seed + 6, n).map((x) => 1 / (1 + Math.exp(-x))),
  };
}

describe("tabularDrift on profiles", () => {
  for (const [size, n] of [
    ["small reference (≤ 1000 rows: ks, chi-square, z)", 800],
    ["large reference (wasserstein, jensenShannon)", 20000],
  ] as const) {
    it(`gives the raw path's per-feature decisions on drifted and undrifted windows, ${size}`, () => {
      const reference = table(1, n, false);
      for (const [seed, drift] of [
        [500, false],
        [200, true],
      ] as const) {
        const current = table(seed, n, drift);
        const raw = tabularDrift(tableLike(reference), tableLike(current));
        const fromProfiles = tabularDrift(profileOf(reference), profileOf(current));
        expect(decisions(fromProfiles), `drift ${drift}`).toEqual(decisions(raw));
        expect(Object.values(decisions(raw)).every((d) => d.endsWith(drift ? "drifted" : "stable"))).toBe(true);
        expect(fromProfiles.fromProfiles).toBe(true);
        expect(raw.fromProfiles).toBeUndefined();
        expect(fromProfiles.features.map((f) => f.feature)).toEqual(["age", "income", "children", "region", "owner"]);
        expect([fromProfiles.referenceRows, fromProfiles.currentRows]).toEqual([n, n]);
      }
    });
  }

  it("the approximate tests say so on their lines, the exact ones do not", () => {
    const result = tabularDrift(profileOf(table(1, 20000, false)), profileOf(table(300, 20000, true)));
    const line = (name: string) => result.features.find((f) => f.feature === name)!;
    expect(line("age").method).toBe("wasserstein");
    expect(line("age").approximate?.on).toBe("statistic");
    expect(line("region").approximate).toBeUndefined();
    expect(line("region").binning).toBe("categories");
  });

  it("keeps the raw path's multiple-testing correction", () => {
    const reference = table(1, 800, false);
    const current = table(400, 800, true);
    const options: TabularDriftOptions = { correction: "fdr", method: { numeric: "ks", categorical: "chiSquare" } };
    const raw = tabularDrift(tableLike(reference), tableLike(current), options);
    const fromProfiles = tabularDrift(profileOf(reference), profileOf(current), options);
    expect(fromProfiles.correction?.flags).toEqual(raw.correction?.flags);
    expect(decisions(fromProfiles)).toEqual(decisions(raw));
  });

  it("reads column types off the profiles as the raw path reads them off values", () => {
    expect(profileColumnType(profile(integers(1, 5000, 4)))).toBe("categorical");
    expect(profileColumnType(profile([...integers(1, 5000, 4), null]))).toBe("numeric");
    expect(profileColumnType(profile(integers(1, 5000, 40)))).toBe("numeric");
    expect(profileColumnType(profile(draws(1, 5000, ["a", "b"])))).toBe("categorical");
    expect(profileColumnType(profile(Array.from({ length: 5000 }, (_, i) => `id-${i}`)))).toBe("text");
    // 5,000 categories of ~40 rows each pass the 1,000-value cap but are categories, not text.
    const many = Array.from({ length: 200000 }, (_, i) => `c${i % 5000}`);
    expect(profileColumnType(profile(many))).toBe("categorical");
  });

  it("tests a 0–5 whole-number column as the raw path does, exactly: type, test and statistic, rare values included", () => {
    // The demo's late_payments_12m: numbers, categorical by Evidently's rule (≤ 10 whole values);
    // 4 and 5 are a handful of rows, which a compacted sketch can lose.
    const late = (seed: number, n: number) =>
      draws(seed, n, ["0", "1", "2", "3", "4", "5"], [600, 250, 100, 40, 7, 3]).map(Number);
    for (const [n, method, test] of [
      [900, undefined, "chiSquareGoodnessOfFit"],
      [5000, undefined, "jensenShannon"],
      [5000, { categorical: "chiSquare" }, "chiSquare"],
    ] as const) {
      const reference = { late: late(1, n) };
      const current = { late: late(2, 1500) };
      const fromProfiles = profileOf(reference);
      expect((fromProfiles.column("late") as NumericProfile).sketch.rankErrorBound()).toBeGreaterThan(0);
      const [line] = tabularDrift(fromProfiles, profileOf(current), { method }).features;
      const [raw] = tabularDrift(tableLike(reference), tableLike(current), { method }).features;
      expect([line.type, line.method, line.approximate, line.status], test).toEqual([
        "categorical",
        test,
        undefined,
        raw.status,
      ]);
      expect(raw.method).toBe(test);
      expectClose(line.statistic, raw.statistic, { rel: 1e-12, abs: 1e-15 }, test);
      expectClose(line.pValue ?? NaN, raw.pValue ?? NaN, { rel: 1e-9, abs: 1e-300 }, test);
    }
  });

  it("refuses a table against a profile, and a test that needs raw values", () => {
    const reference = table(1, 100, false);
    expect(() => tabularDrift(profileOf(reference), tableLike(reference))).toThrow(
      /tabularDrift: reference is a profile but current is a table/,
    );
    expect(() => tabularDrift(profileOf(reference), profileOf(reference), { method: "cramerVonMises" })).toThrow(
      /tabularDrift: cramerVonMises needs raw values; from profiles use one of ks, wasserstein/,
    );
  });
});

describe("tabularDrift on profiles of the committed fixture tables (tabular.json)", () => {
  // The cases of whole tables; the edge cases (n = 1, mixed kinds in a column) have no profile.
  const cases = tabularCases.filter((c) => /^(credit|large reference|1e6)/.test(c.name));
  for (const c of cases) {
    it(`per-feature decisions from profiles equal the raw ones: ${c.name}`, () => {
      const reference = tableColumns(c.reference);
      const current = tableColumns(c.current);
      const options = { minRows: 0, ...c.options } as TabularDriftOptions;
      const raw = tabularDrift(tableLike(reference), tableLike(current), options);
      const fromProfiles = tabularDrift(profileTable(reference), profileTable(current), options);
      expect(decisions(fromProfiles)).toEqual(decisions(raw));
      expect(fromProfiles.drift).toBe(raw.drift);
    });
  }
});
