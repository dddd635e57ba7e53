/**
 * DDM, the drift detection method of Gama, Medas, Castillo & Rodrigues (2004), "Learning with
 * drift detection", SBIA 2004, as MOA's DDM runs it: over 0/1 errors, the running error rate
 * pᵢ and sᵢ = √(pᵢ(1 − pᵢ)/i); once i ≥ minInstances, (p_min, s_min) are kept where pᵢ + sᵢ is
 * smallest, and drift is pᵢ + sᵢ > p_min + 3·s_min (warning at 2·s_min) once i > minInstances.
 */

import { checkCount } from "../inputs/options.ts";
import { checkBinary, detect, type ConceptDriftOptions, type ConceptDriftResult, type DetectorSpec } from "./detect.ts";
import type { ErrorInput } from "./errorStream.ts";
import type { MonitorFactory } from "./monitor.ts";

export interface DdmOptions extends ConceptDriftOptions {
  /** Errors seen before the minimum is tracked (MOA's and River's warm start). Default 30. */
  minInstances?: number;
}

/**
 * DDM's monitor. Its score is (pᵢ + sᵢ − p_min)/s_min, the number of s_min by which pᵢ + sᵢ rose
 * above its minimum: the paper's drift level is 3. With s_min = 0 (no error yet at the minimum)
 * any rise scores +Infinity, as the paper's rule alarms on it.
 */
export function ddmMonitor(options: DdmOptions, fn: string): MonitorFactory {
  const { minInstances = 30 } = options;
  checkCount(minInstances, "minInstances", 1, fn);
  return () => {
    let n = 0;
    let p = 0;
    let pMin = Infinity;
    let sMin = Infinity;
    return {
      update(error) {
        n++;
        p += (error - p) / n;
        const s = Math.sqrt((p * (1 - p)) / n);
        if (n < minInstances) return -Infinity;
        if (p + s <= pMin + sMin) {
          pMin = p;
          sMin = s;
        }
        if (n === minInstances) return -Infinity;
        const rise = p + s - pMin;
        if (sMin === 0) return rise > 0 ? Infinity : 0;
        return rise / sMin;
      },
    };
  };
}

const DDM: DetectorSpec<DdmOptions> = {
  method: "ddm",
  monitor: ddmMonitor,
  textbookThreshold: 3,
  check: (stream, what) => checkBinary(stream, what, "ddm"),
};

/**
 * Concept drift by DDM (Gama et al. 2004) over the 0/1 error stream of a classifier: warmed on
 * the reference errors, watching the current ones in ts order.
 * @param reference the reference period: a table or rows with prediction, label (and ts), or its 0/1 errors
 * @param current the period watched, likewise
 * @param options `threshold` ("calibrated" by default to `falseAlarmRate` per 1,000 predictions,
 * "textbook" = 3, or a number), `falseAlarmRate` (0.01), `bootstraps` (1000), `seed` (0), `minInstances` (30), `task`
 * @returns {@link ConceptDriftResult}
 * @throws when an error is not 0 or 1, or see readErrorStream and calibratedThreshold
 */
export function ddm(reference: ErrorInput, current: ErrorInput, options: DdmOptions = {}): ConceptDriftResult {
  return detect(DDM, reference, current, options);
}
