/**
 * EDDM, the early drift detection method of Baena-García, del Campo-Ávila, Fidalgo, Bifet, Gavaldà
 * & Morales-Bueno (2006), "Early drift detection method", ECML/PKDD workshop on knowledge discovery
 * from data streams: it watches the distance between consecutive errors, which shrinks when the
 * error rate rises — more sensitive than DDM to slow, gradual change.
 */

import { checkCount } from "../inputs/options.ts";
import { checkBinary, detect, type ConceptDriftOptions, type ConceptDriftResult, type DetectorSpec } from "./detect.ts";
import type { ErrorInput } from "./errorStream.ts";
import type { MonitorFactory } from "./monitor.ts";

export interface EddmOptions extends ConceptDriftOptions {
  /** Errors seen before the maximum is tracked and drift is tested (the paper's 30). Default 30. */
  minErrors?: number;
}

/**
 * EDDM's monitor. At each error, the distance (in predictions) since the previous error updates
 * the mean p′ and the population standard deviation s′ of the distances (as MOA's EDDM); after
 * `minErrors` errors, the largest p′ + 2s′ is kept, and the score is 1 − (p′ + 2s′)/(p′ + 2s′)_max,
 * how far the spread of distances fell below its best. The paper's drift level is a ratio below
 * β = 0.9, a score above 0.1 (warning at α = 0.95). Between errors the score is −Infinity: EDDM
 * decides only when an error arrives.
 */
export function eddmMonitor(options: EddmOptions, fn: string): MonitorFactory {
  const { minErrors = 30 } = options;
  checkCount(minErrors, "minErrors", 1, fn);
  return () => {
    let n = 0;
    let lastError = 0;
    let errors = 0;
    let mean = 0;
    let squares = 0;
    let best = 0;
    return {
      update(error) {
        n++;
        if (error !== 1) return -Infinity;
        errors++;
        const distance = n - lastError;
        lastError = n;
        const before = mean;
        mean += (distance - mean) / errors;
        squares += (distance - before) * (distance - mean);
        if (errors <= minErrors) return -Infinity;
        const spread = mean + 2 * Math.sqrt(squares / errors);
        if (spread > best) best = spread;
        return 1 - spread / best;
      },
    };
  };
}

const EDDM: DetectorSpec<EddmOptions> = {
  method: "eddm",
  monitor: eddmMonitor,
  textbookThreshold: 1 - 0.9,
  check: (stream, what) => checkBinary(stream, what, "eddm"),
};

/**
 * Concept drift by EDDM (Baena-García et al. 2006) over the 0/1 error stream of a classifier:
 * warmed on the reference errors, watching the current ones in ts order.
 * @param reference the reference period: a table or rows with prediction, label (and ts), or its 0/1 errors
 * @param current the period watched, likewise
 * @param options `threshold` ("calibrated" by default, "textbook" = 1 − β = 0.1, or a number),
 * `falseAlarmRate` (0.01), `bootstraps` (1000), `seed` (0), `minErrors` (30), `task`
 * @returns {@link ConceptDriftResult}
 * @throws when an error is not 0 or 1, or see readErrorStream and calibratedThreshold
 */
export function eddm(reference: ErrorInput, current: ErrorInput, options: EddmOptions = {}): ConceptDriftResult {
  return detect(EDDM, reference, current, options);
}
