import { describe, it } from "vitest";
import { kolmogorovSurvival } from "../../../detectors/distributions/kolmogorov.ts";
import { smirnovSurvival } from "../../../detectors/distributions/smirnov.ts";
import { expectClose } from "../close.ts";
import { univariate } from "../univariate/univariateCases.ts";

// Every branch of scipy's _kolmogn (Ruben–Gambino, Durbin, Pomeranz, 2·smirnov, Pelz–Good) and of
// smirnov, n from 1 to 2·10⁶; far tighter than the P_VALUE tolerance of ../close.ts.
const TIGHT = { rel: 1e-11, abs: 1e-300 };

describe("kolmogorovSurvival matches scipy.stats.kstwo.sf", () => {
  it("over every branch of the Simard–L'Ecuyer algorithm", () => {
    for (const [n, x, expected] of univariate.distributions.kolmogorovSurvival) {
      expectClose(kolmogorovSurvival(n, x), expected, TIGHT, `kstwo.sf(${x}, ${n})`);
    }
  });
});

describe("smirnovSurvival matches scipy.special.smirnov", () => {
  it("from n = 1 to 2·10⁶", () => {
    for (const [n, x, expected] of univariate.distributions.smirnovSurvival) {
      expectClose(smirnovSurvival(n, x), expected, TIGHT, `smirnov(${n}, ${x})`);
    }
  });
});
