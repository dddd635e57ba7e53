import { describe, it } from "vitest";
import {
  chiSquaredSurvival,
  normalCdf,
  normalSurvival,
  studentTSurvival,
} from "../../../detectors/distributions/standard.ts";
import { expectClose } from "../close.ts";
import { univariate } from "../univariate/univariateCases.ts";

// Far tighter than the P_VALUE tolerance of ../close.ts: every p-value of the library goes through these.
// Only the Student t tail at ν > 10⁴ is looser (~2e-10): Cephes' continued fraction, where scipy's
// cdflib uses TOMS 708's asymptotic expansion.
const TIGHT = { rel: 1e-12, abs: 0 };
const STUDENT = { rel: 1e-9, abs: 0 };

const grids = univariate.distributions;

describe("normalCdf / normalSurvival match scipy.special.ndtr", () => {
  it("over [-38, 38], tails included", () => {
    for (const [z, expected] of grids.normalCdf) {
      expectClose(normalCdf(z), expected, TIGHT, `ndtr(${z})`);
      expectClose(normalSurvival(-z), expected, TIGHT, `sf(${-z})`);
    }
  });
});

describe("chiSquaredSurvival matches scipy.stats.chi2.sf", () => {
  it("for 1 to 10⁶ degrees of freedom, from 1e-300 to 1", () => {
    for (const [x, dof, expected] of grids.chiSquaredSurvival) {
      expectClose(chiSquaredSurvival(x, dof), expected, TIGHT, `chi2.sf(${x}, ${dof})`);
    }
  });
});

describe("studentTSurvival matches scipy.special.stdtr(ν, −t)", () => {
  it("for fractional and large ν, t from −50 to 1e8 and ±Infinity", () => {
    for (const [t, dof, expected] of grids.studentTSurvival) {
      expectClose(studentTSurvival(t, dof), expected, STUDENT, `t.sf(${t}, ${dof})`);
    }
  });
});
