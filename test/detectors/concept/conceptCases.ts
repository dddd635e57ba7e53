/**
 * What the concept-drift tests share: the reference script's cases (test/fixtures/scipy/concept.py),
 * a synthetic stream whose P(y|x) changes at a known point while P(x) stays put, and the seeded
 * runs that measure a detector's delay on it and its false-alarm rate without it.
 */

import { expect, it } from "vitest";
import { tabularDrift } from "../../../detectors/tabular/tabularDrift.ts";
import { binomialPmf } from "../../../detectors/distributions/binomial.ts";
import { seededRng } from "../../../detectors/random/rng.ts";
import type { ConceptDriftOptions, ConceptDriftResult, ConceptMethod } from "../../../detectors/concept/detect.ts";
import type { ErrorInput } from "../../../detectors/concept/errorStream.ts";
import type { MonitorFactory } from "../../../detectors/concept/monitor.ts";
import { expectClose, STATISTIC } from "../close.ts";
import { readFixture } from "../fixtureData.ts";

interface DetectorCase {
  name: string;
  method: ConceptMethod;
  /** 0/1 streams as digit strings, absolute errors as arrays. */
  reference: string | number[];
  current: string | number[];
  scores: number[];
  detectedAt: number | null;
}

export const concept = readFixture<{
  detectors: DetectorCase[];
  lord: { alpha: number; initialWealth: number; pValues: number[]; levels: number[]; rejected: boolean[] }[];
}>("concept");

function errorsOf(stream: string | number[]): number[] {
  return typeof stream === "string" ? Array.from(stream, Number) : stream;
}

function casesOf(method: ConceptMethod): DetectorCase[] {
  return concept.detectors.filter((c) => c.method === method);
}

/** The monitor's score at each current error after warming on the reference. */
export function scoresOf(monitor: MonitorFactory, reference: number[], current: number[]): number[] {
  const state = monitor();
  for (const e of reference) state.update(e);
  return current.map((e) => state.update(e));
}

/** Every score of a fixture case within 1e-9 relative, −Infinity where the script has it. */
function expectScores(actual: number[], expected: number[], what: string): void {
  expect(actual.length, what).toBe(expected.length);
  actual.forEach((score, i) => expectClose(score, expected[i], STATISTIC, `${what} score ${i}`));
}

const sigmoid = (z: number) => 1 / (1 + Math.exp(-z));

/**
 * A logged stream: four standard normal features, the model predicting 1 when x1 + x2 > 0, labels
 * drawn with P(y = 1 | x) = σ(3(x1 + x2)) before row `changeAt` and σ(3(x1 − x2/2)) from it on,
 * so the inputs never change and the model's error rises from about 0.13 to about 0.35.
 */
export function loggedRows(n: number, changeAt: number, rng: ReturnType<typeof seededRng>, start = 0) {
  return Array.from({ length: n }, (_, i) => {
    const [x1, x2, x3, x4] = [rng.normal(), rng.normal(), rng.normal(), rng.normal()];
    const p = i < changeAt ? sigmoid(3 * (x1 + x2)) : sigmoid(3 * (x1 - x2 / 2));
    return { ts: start + i * 60_000, x1, x2, x3, x4, prediction: x1 + x2 > 0 ? 1 : 0, label: rng.next() < p ? 1 : 0 };
  });
}

type Detector = (reference: ErrorInput, current: ErrorInput, options?: ConceptDriftOptions) => ConceptDriftResult;

/**
 * Seeded runs of a calibrated detector on streams that change halfway through the current data:
 * asserts every run finds the change after it happens, prints the median delay, and asserts
 * tabularDrift on the inputs of the same data finds no dataset drift.
 */
function expectFindsConceptChange(detector: Detector, options: ConceptDriftOptions = {}): void {
  const runs = 12;
  const delays: number[] = [];
  let inputDrift = 0;
  for (let seed = 1; seed <= runs; seed++) {
    const rng = seededRng(seed);
    const reference = loggedRows(1000, Infinity, rng);
    const current = loggedRows(2000, 1000, rng, 1000 * 60_000);
    const result = detector(reference, current, { bootstraps: 300, seed, ...options });
    expect(result.drift, `seed ${seed}`).toBe(true);
    expect(result.detectedAt!, `seed ${seed}: alarm before the change`).toBeGreaterThanOrEqual(1000);
    expect(result.detectedTs).toBe(current[result.detectedAt!].ts);
    delays.push(result.detectedAt! - 1000);
    const features = (rows: typeof reference) => rows.map(({ x1, x2, x3, x4 }) => ({ x1, x2, x3, x4 }));
    if (tabularDrift(features(reference), features(current)).drift) inputDrift++;
  }
  delays.sort((a, b) => a - b);
  const median = (delays[runs / 2 - 1] + delays[runs / 2]) / 2;
  console.log(`${detector.name}: median delay ${median} predictions over ${runs} runs (${delays.join(", ")})`);
  expect(inputDrift).toBe(0);
}

/**
 * Seeded runs without change: each a fresh reference and current stream at the same error rate,
 * the threshold calibrated on the reference. The number of runs with an alarm must lie in the
 * equal-tailed 99% binomial interval around the configured chance α of an alarm per run.
 */
function expectFalseAlarmRate(
  detector: Detector,
  errors: (rng: ReturnType<typeof seededRng>, n: number) => number[],
  { runs = 150, falseAlarmRate = 0.2, referenceLength = 500, currentLength = 500, bootstraps = 150 } = {},
): void {
  let alarms = 0;
  let alpha = NaN;
  for (let seed = 1; seed <= runs; seed++) {
    const rng = seededRng(1000 + seed);
    const result = detector(errors(rng, referenceLength), errors(rng, currentLength), {
      falseAlarmRate,
      bootstraps,
      seed,
    });
    alpha = result.calibration!.alpha;
    if (result.drift) alarms++;
  }
  const [low, high] = binomialInterval(runs, alpha, 0.01);
  console.log(
    `${detector.name}: ${alarms} false alarms in ${runs} runs; configured α = ${alpha.toFixed(4)} per run ` +
      `(${falseAlarmRate} per 1,000 over ${currentLength}), 99% binomial interval [${low}, ${high}]`,
  );
  expect(alarms).toBeGreaterThanOrEqual(low);
  expect(alarms).toBeLessThanOrEqual(high);
}

/** The equal-tailed (1 − level) interval of a Binomial(n, p) count. */
function binomialInterval(n: number, p: number, level: number): [number, number] {
  let cdf = 0;
  let low = -1;
  for (let k = 0; k <= n; k++) {
    cdf += binomialPmf(k, n, p, 1 - p);
    if (low < 0 && cdf > level / 2) low = k;
    if (cdf >= 1 - level / 2) return [low, k];
  }
  return [low, n];
}

/** 0/1 errors at rate p. */
export function bernoulliErrors(p: number) {
  return (rng: ReturnType<typeof seededRng>, n: number) => Array.from({ length: n }, () => (rng.next() < p ? 1 : 0));
}

/**
 * The tests every error-stream detector passes: the reference script's textbook cases (every score,
 * and the first textbook alarm through the public call), a change in P(y|x) found while the inputs
 * show no drift, and the false-alarm rate without change (on `quietErrors`).
 */
export function itBehavesAsADetector(
  method: ConceptMethod,
  detector: Detector,
  textbookMonitor: MonitorFactory,
  quietErrors: (rng: ReturnType<typeof seededRng>, n: number) => number[],
): void {
  for (const c of casesOf(method)) {
    it(`matches the reference script's textbook ${method}: ${c.name}`, () => {
      const [reference, current] = [errorsOf(c.reference), errorsOf(c.current)];
      expectScores(scoresOf(textbookMonitor, reference, current), c.scores, c.name);
      expect(detector(reference, current, { threshold: "textbook" }).detectedAt).toBe(c.detectedAt);
    });
  }

  it("finds a change in P(y|x) that tabularDrift on the inputs cannot see", () => {
    expectFindsConceptChange(detector);
  });

  it("raises false alarms at the configured rate without change", () => {
    expectFalseAlarmRate(detector, quietErrors);
  });
}
