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
import type { ColumnInput } from "../inputs/profileInputs.ts";
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

interface SpecBase {
  /** Reads values as categories (given the cleaned values), or needs numbers ("numeric"), or either ("both"). */
  reads: "categories" | "numeric" | "both";
  /** Evidently's default threshold for this test. */
  threshold: number;
  /** Evidently's drift decision for this test. */
  drifts(result: TestResult, threshold: number): boolean;
}

/** A test and how tabularDrift runs it: on raw values only, or on column profiles too. */
export type TestSpec = SpecBase &
  (
    | {
        profiles: true;
        run(
          reference: ColumnInput,
          current: ColumnInput,
          type: "numeric" | "categorical",
          threshold: number,
        ): TestResult;
      }
    | {
        profiles: false;
        run(reference: Values, current: Values, type: "numeric" | "categorical", threshold: number): TestResult;
      }
  );

const pAtMost = (r: TestResult, t: number) => (r.pValue as number) <= t;
const pBelow = (r: TestResult, t: number) => (r.pValue as number) < t;
const atLeast = (r: TestResult, t: number) => r.statistic >= t;
const above = (r: TestResult, t: number) => r.statistic > t;

export const TESTS: Readonly<Record<TestName, TestSpec>> = {
  ks: {
    profiles: true,
    reads: "numeric",
    threshold: 0.05,
    drifts: pAtMost,
    run: (r, c, _, t) => ks(r, c, { alpha: t }),
  },
  cramerVonMises: {
    profiles: false,
    reads: "numeric",
    threshold: 0.1,
    drifts: pAtMost,
    run: (r, c, _, t) => cramerVonMises(r, c, { alpha: t }),
  },
  andersonDarling: {
    profiles: false,
    reads: "numeric",
    threshold: 0.1,
    drifts: pBelow,
    run: (r, c, _, t) => andersonDarling(r, c, { alpha: t }),
  },
  // Evidently's `mannw` is one-sided: it detects only an upward shift of the current values.
  mannWhitney: {
    profiles: false,
    reads: "numeric",
    threshold: 0.05,
    drifts: pBelow,
    run: (r, c, _, t) => mannWhitney(r, c, { alternative: "less", alpha: t }),
  },
  energyDistance: {
    profiles: false,
    reads: "numeric",
    threshold: 0.1,
    drifts: above,
    run: (r, c, _, t) => energyDistance(r, c, { threshold: t }),
  },
  wasserstein: {
    profiles: true,
    reads: "numeric",
    threshold: 0.1,
    drifts: atLeast,
    run: (r, c, _, t) => wasserstein(r, c, { normed: true, threshold: t }),
  },
  // Evidently's `t_test` pools the variances (Student); the detector's default is Welch.
  tTest: {
    profiles: false,
    reads: "numeric",
    threshold: 0.05,
    drifts: pBelow,
    run: (r, c, _, t) => tTest(r, c, { equalVar: true, alpha: t }),
  },
  // Alibi Detect's contingency test: not an Evidently stattest, so its own default and rule.
  chiSquare: {
    profiles: true,
    reads: "categories",
    threshold: 0.05,
    drifts: pBelow,
    run: (r, c, _, t) => chiSquare(r, c, { alpha: t }),
  },
  chiSquareGoodnessOfFit: {
    profiles: true,
    reads: "categories",
    threshold: 0.05,
    drifts: pBelow,
    run: (r, c, _, t) => chiSquareGoodnessOfFit(r, c, { alpha: t }),
  },
  fisherExact: {
    profiles: false,
    reads: "categories",
    threshold: 0.1,
    drifts: pBelow,
    run: (r, c, _, t) => fisherExact(r, c, { alpha: t }),
  },
  zTest: {
    profiles: true,
    reads: "categories",
    threshold: 0.05,
    drifts: pBelow,
    run: (r, c, _, t) => zTest(r, c, { alpha: t }),
  },
  tvd: {
    profiles: true,
    reads: "categories",
    threshold: 0.1,
    drifts: pBelow,
    run: (r, c, _, t) => tvd(r, c, { threshold: t }),
  },
  psi: {
    profiles: true,
    reads: "both",
    threshold: 0.1,
    drifts: atLeast,
    run: (r, c, type, t) => psi(r, c, { type, threshold: t }),
  },
  kl: {
    profiles: true,
    reads: "both",
    threshold: 0.1,
    drifts: atLeast,
    run: (r, c, type, t) => kl(r, c, { type, threshold: t }),
  },
  jensenShannon: {
    profiles: true,
    reads: "both",
    threshold: 0.1,
    drifts: atLeast,
    run: (r, c, type, t) => jensenShannon(r, c, { type, threshold: t }),
  },
  hellinger: {
    profiles: true,
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
