import { expect } from "vitest";
import { seededRng } from "../../../detectors/random/rng.ts";
import type { TestResult } from "../../../detectors/types.ts";
import { expand, readFixture, type Stored, weyl } from "../fixtureData.ts";

/** A case of test/fixtures/scipy/multivariate.json: inputs, options in our API's names, what the numpy port gives. */
export interface MultivariateCase<E> {
  name: string;
  reference: Stored<WeylSpec>;
  current: Stored<WeylSpec>;
  options: Record<string, unknown>;
  expected: E;
}

/** {weyl: {start, count, power}}: u_i (power 1) or u_i² (power 2), as multivariate.py writes long samples. */
interface WeylSpec {
  start: number;
  count: number;
  power: 1 | 2;
}

/** The case's reference and current inputs, long Weyl samples expanded. */
export function inputs<E>(c: MultivariateCase<E>): { reference: ArrayLike<unknown>; current: ArrayLike<unknown> } {
  const fromWeyl = ({ start, count, power }: WeylSpec) => weyl(start, count).map((u) => (power === 2 ? u * u : u));
  return { reference: expand(c.reference, fromWeyl), current: expand(c.current, fromWeyl) };
}

export interface KernelExpected {
  statistic: number;
  pValue: number;
  sigma: number[];
  distanceThreshold: number;
  drift: boolean;
  dropped: { reference: number; current: number };
  lambda?: number;
  kernelCenters?: number;
}

export interface UncertaintyExpected {
  statistic: number;
  pValue: number;
  drift: boolean;
  uncertainty: { reference: number[]; current: number[] };
  dropped: { reference: number; current: number };
}

export const multivariate = readFixture<{
  mmd: MultivariateCase<KernelExpected>[];
  lsdd: MultivariateCase<KernelExpected>[];
  classifierUncertaintyDrift: MultivariateCase<UncertaintyExpected>[];
  regressorUncertaintyDrift: MultivariateCase<UncertaintyExpected>[];
  logistic: { name: string; x: number[][]; y: number[]; probabilities: number[] }[];
}>("multivariate");

/** Rows of `d` standard normal values (+ shift on the first column), from the seeded generator. */
export function normalRows(rng: ReturnType<typeof seededRng>, n: number, d: number, shift = 0): number[][] {
  return Array.from({ length: n }, () => Array.from({ length: d }, (_, k) => rng.normal() + (k === 0 ? shift : 0)));
}

/**
 * The calibration check: under no drift the share of `trials` seeded runs flagging drift
 * at α = 0.05 lies in the binomial 99% interval around 0.05. Returns the share for the report.
 */
export function flaggedShare(trials: number, run: (trial: number) => TestResult): number {
  let flagged = 0;
  for (let trial = 0; trial < trials; trial++) if (run(trial).drift) flagged++;
  return flagged / trials;
}

/** The central 99% interval of Binomial(trials, p) as shares: [q(0.005), q(0.995)] / trials. */
export function binomialInterval(trials: number, p: number): [number, number] {
  const pmf: number[] = [];
  let logC = 0;
  for (let k = 0; k <= trials; k++) {
    if (k > 0) logC += Math.log(trials - k + 1) - Math.log(k);
    pmf.push(Math.exp(logC + k * Math.log(p) + (trials - k) * Math.log1p(-p)));
  }
  let cumulative = 0;
  let low = 0;
  while (cumulative + pmf[low] < 0.005) cumulative += pmf[low++];
  let high = low;
  cumulative += pmf[high];
  while (cumulative < 0.995) cumulative += pmf[++high];
  return [low / trials, high / trials];
}

/** Expects the calibration share inside the interval (and prints it, for the record). */
export function expectCalibrated(name: string, share: number, trials: number): void {
  const [low, high] = binomialInterval(trials, 0.05);
  console.log(
    `${name}: ${(share * 100).toFixed(1)}% of ${trials} no-drift trials flagged drift at α = 0.05 (99% interval ${(low * 100).toFixed(1)}–${(high * 100).toFixed(1)}%)`,
  );
  expect(share).toBeGreaterThanOrEqual(low);
  expect(share).toBeLessThanOrEqual(high);
}
