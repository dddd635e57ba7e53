/**
 * The per-column tests tabularDrift can run, each called with the parameters, default threshold and
 * drift comparison of Evidently's stattest of the same test (legacy calculations/stattests/*.py,
 * Evidently 0.7). Tests Evidently does not have keep the detector's own rule.
 */

import { chiSquare } from "../categorical/chiSquare.ts";
import { chiSquareGoodnessOfFit } from "../categorical/chiSquareGoodnessOfFit.ts";
import { fisherExact } from "../categorical/fisherExact.ts";
import { zTest } from "../categorical/zTest.ts";
import { hellinger } from "../distance/hellinger.ts";
import { jensenShannon } from "../distance/jensenShannon.ts";
import { kl } from "../distance/kl.ts";
import { psi } from "../distance/psi.ts";
import { tvd } from "../distance/tvd.ts";
import type { TestResult, Values } from "../types.ts";
import { andersonDarling } from "../univariate/andersonDarling.ts";
import { cramerVonMises } from "../univariate/cramerVonMises.ts";
import { energyDistance } from "../univariate/energyDistance.ts";
import { ks } from "../univariate/ks.ts";
import { mannWhitney } from "../univariate/mannWhitney.ts";
import { tTest } from "../univariate/tTest.ts";
import { wasserstein } from "../univariate/wasserstein.ts";

/** A test tabularDrift can run on a column, by its name in detectors. */
export type TestName =
  | "ks"
  | "cramerVonMises"
  | "andersonDarling"
  | "mannWhitney"
  | "energyDistance"
  | "wasserstein"
  | "tTest"
  | "chiSquare"
  | "chiSquareGoodnessOfFit"
  | "fisherExact"
  | "zTest"
  | "tvd"
  | "psi"
  | "kl"
  | "jensenShannon"
  | "hellinger";

export interface TestSpec {
  /** Reads values as categories (given the cleaned values), or needs numbers ("numeric"), or either ("both"). */
  reads: "categories" | "numeric" | "both";
  /** Evidently's default threshold for this test. */
  threshold: number;
  /** Evidently's drift decision for this test. */
  drifts(result: TestResult, threshold: number): boolean;
  run(reference: Values, current: Values, type: "numeric" | "categorical", threshold: number): TestResult;
}

const pAtMost = (r: TestResult, t: number) => (r.pValue as number) <= t;
const pBelow = (r: TestResult, t: number) => (r.pValue as number) < t;
const atLeast = (r: TestResult, t: number) => r.statistic >= t;
const above = (r: TestResult, t: number) => r.statistic > t;

export const TESTS: Readonly<Record<TestName, TestSpec>> = {
  ks: { reads: "numeric", threshold: 0.05, drifts: pAtMost, run: (r, c, _, t) => ks(r, c, { alpha: t }) },
  cramerVonMises: {
    reads: "numeric",
    threshold: 0.1,
    drifts: pAtMost,
    run: (r, c, _, t) => cramerVonMises(r, c, { alpha: t }),
  },
  andersonDarling: {
    reads: "numeric",
    threshold: 0.1,
    drifts: pBelow,
    run: (r, c, _, t) => andersonDarling(r, c, { alpha: t }),
  },
  // Evidently's `mannw` is one-sided: it detects only an upward shift of the current values.
  mannWhitney: {
    reads: "numeric",
    threshold: 0.05,
    drifts: pBelow,
    run: (r, c, _, t) => mannWhitney(r, c, { alternative: "less", alpha: t }),
  },
  energyDistance: {
    reads: "numeric",
    threshold: 0.1,
    drifts: above,
    run: (r, c, _, t) => energyDistance(r, c, { threshold: t }),
  },
  wasserstein: {
    reads: "numeric",
    threshold: 0.1,
    drifts: atLeast,
    run: (r, c, _, t) => wasserstein(r, c, { normed: true, threshold: t }),
  },
  // Evidently's `t_test` pools the variances (Student); the detector's default is Welch.
  tTest: {
    reads: "numeric",
    threshold: 0.05,
    drifts: pBelow,
    run: (r, c, _, t) => tTest(r, c, { equalVar: true, alpha: t }),
  },
  // Alibi Detect's contingency test: not an Evidently stattest, so its own default and rule.
  chiSquare: {
    reads: "categories",
    threshold: 0.05,
    drifts: pBelow,
    run: (r, c, _, t) => chiSquare(r, c, { alpha: t }),
  },
  chiSquareGoodnessOfFit: {
    reads: "categories",
    threshold: 0.05,
    drifts: pBelow,
    run: (r, c, _, t) => chiSquareGoodnessOfFit(r, c, { alpha: t }),
  },
  fisherExact: {
    reads: "categories",
    threshold: 0.1,
    drifts: pBelow,
    run: (r, c, _, t) => fisherExact(r, c, { alpha: t }),
  },
  zTest: { reads: "categories", threshold: 0.05, drifts: pBelow, run: (r, c, _, t) => zTest(r, c, { alpha: t }) },
  tvd: { reads: "categories", threshold: 0.1, drifts: pBelow, run: (r, c, _, t) => tvd(r, c, { threshold: t }) },
  psi: { reads: "both", threshold: 0.1, drifts: atLeast, run: (r, c, type, t) => psi(r, c, { type, threshold: t }) },
  kl: { reads: "both", threshold: 0.1, drifts: atLeast, run: (r, c, type, t) => kl(r, c, { type, threshold: t }) },
  jensenShannon: {
    reads: "both",
    threshold: 0.1,
    drifts: atLeast,
    run: (r, c, type, t) => jensenShannon(r, c, { type, threshold: t }),
  },
  hellinger: {
    reads: "both",
    threshold: 0.1,
    drifts: atLeast,
    run: (r, c, type, t) => hellinger(r, c, { type, threshold: t }),
  },
};

/** Whether `name` is one of the tests above. */
export function isTestName(name: unknown): name is TestName {
  return typeof name === "string" && Object.hasOwn(TESTS, name);
}
