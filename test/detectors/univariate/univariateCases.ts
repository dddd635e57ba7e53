import { expect } from "vitest";
import type { TestResult, Values } from "../../../detectors/types.ts";
import { expectClose, P_VALUE, STATISTIC } from "../close.ts";
import { expand, readFixture, weyl, type Stored } from "../fixtureData.ts";

/** {weyl: {start, count, scale, offset, power, decimals?}} as univariate.py writes it. */
interface UnivariateWeyl {
  start: number;
  count: number;
  scale: number;
  offset: number;
  power: 1 | 2;
  decimals?: number;
}

export interface UnivariateCase {
  name: string;
  reference: Stored<UnivariateWeyl>;
  current: Stored<UnivariateWeyl>;
  options: Record<string, unknown>;
  throws?: string;
  expected?: {
    statistic: number;
    pValue?: number;
    threshold: number;
    drift: boolean;
    dropped: { reference: number; current: number };
  };
}

type Fixtures = Record<
  "ks" | "cramerVonMises" | "andersonDarling" | "mannWhitney" | "tTest" | "wasserstein" | "energyDistance",
  UnivariateCase[]
> & {
  /** Grids of [arguments…, scipy value] for the distribution functions of detectors/distributions. */
  distributions: Record<
    "normalCdf" | "chiSquaredSurvival" | "studentTSurvival" | "kolmogorovSurvival" | "smirnovSurvival",
    number[][]
  >;
};

/**
 * A worked example: A (reference, 25 values) and B (current, 20 values). Each test that uses them
 * names the upstream function whose numbers on A and B it checks (Evidently 0.7, Alibi Detect,
 * NannyML, scipy 1.17); the scipy fixtures compute theirs as "reference vectors A, B".
 */
export const A = [
  0.1, 0.5, 0.9, 1.2, 1.3, 1.8, 2.0, 2.2, 2.5, 2.9, 3.1, 3.3, 3.8, 4.0, 4.4, 4.9, 5.2, 5.5, 6.1, 7.0, 7.4, 8.0, 8.8,
  9.5, 11.0,
];
export const B = [
  1.0, 1.9, 2.4, 2.8, 3.5, 3.9, 4.2, 4.6, 5.0, 5.4, 5.9, 6.3, 6.8, 7.5, 8.2, 9.0, 9.9, 10.5, 12.0, 13.1,
];

/** The cases of test/fixtures/scipy/univariate.json, by function. */
export const univariate = readFixture<Fixtures>("univariate");

function fromWeyl({ start, count, scale, offset, power, decimals }: UnivariateWeyl): Float64Array {
  return weyl(start, count).map((u) => {
    const v = (power === 2 ? u * u : u) * scale + offset;
    return decimals === undefined ? v : Math.floor(v * 10 ** decimals) / 10 ** decimals;
  });
}

/** A readable test title: the case name and its options. */
export function title(c: UnivariateCase): string {
  const options = Object.entries(c.options).map(([key, value]) => `${key} ${String(value)}`);
  return options.length ? `${c.name} (${options.join(", ")})` : c.name;
}

/** Runs `test` on the case's samples and compares with scipy at the tolerances of ../close.ts. */
export function checkCase(
  c: UnivariateCase,
  method: string,
  test: (reference: Values, current: Values, options: Record<string, unknown>) => TestResult,
): void {
  const reference = expand(c.reference, fromWeyl);
  const current = expand(c.current, fromWeyl);
  if (c.throws !== undefined) {
    expect(() => test(reference, current, c.options)).toThrow(new RegExp(`^${method}: `));
    return;
  }
  const expected = c.expected!;
  const result = test(reference, current, c.options);
  expect(result.method).toBe(method);
  expectClose(result.statistic, expected.statistic, STATISTIC, "statistic");
  if (expected.pValue === undefined) expect(result.pValue).toBeUndefined();
  else expectClose(result.pValue!, expected.pValue, P_VALUE, "pValue");
  expect(result.threshold).toBe(expected.threshold);
  expect(result.drift).toBe(expected.drift);
  expect(result.dropped).toEqual(expected.dropped);
}
