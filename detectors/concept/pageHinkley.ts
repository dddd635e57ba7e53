/**
 * The Page–Hinkley test (Page 1954, "Continuous inspection schemes", Biometrika 41; in the form of
 * Mouss, Mouss, Mouss & Sefouhi 2004, as MOA's PageHinkleyDM and River's PageHinkley run it) for a
 * rise in the mean error: 0/1 errors or absolute errors alike.
 */

import { checkCount } from "../inputs/options.ts";
import { detect, type ConceptDriftOptions, type ConceptDriftResult, type DetectorSpec } from "./detect.ts";
import type { ErrorInput } from "./errorStream.ts";
import type { MonitorFactory } from "./monitor.ts";

export interface PageHinkleyOptions extends ConceptDriftOptions {
  /** The rise tolerated per error, in error units. Default 0.005 (MOA, River). */
  delta?: number;
  /** Fading factor of the cumulative sum (1 = none, Page's test). Default 1 − 10⁻⁴ (MOA, River). */
  alpha?: number;
  /** Errors seen before the score counts. Default 30 (MOA, River). */
  minInstances?: number;
}

/**
 * Page–Hinkley's monitor: with x̄ᵢ the running mean of the errors (xᵢ included),
 * mᵢ = α·mᵢ₋₁ + (xᵢ − x̄ᵢ − δ) and Mᵢ = min mⱼ, the score is mᵢ − Mᵢ; the textbook threshold λ is 50.
 */
export function pageHinkleyMonitor(options: PageHinkleyOptions, fn: string): MonitorFactory {
  const { delta = 0.005, alpha = 1 - 1e-4, minInstances = 30 } = options;
  if (!(delta >= 0 && Number.isFinite(delta)))
    throw new Error(`${fn}: delta must be a finite number ≥ 0, got ${delta}`);
  if (!(alpha > 0 && alpha <= 1)) throw new Error(`${fn}: alpha must be in (0, 1], got ${alpha}`);
  checkCount(minInstances, "minInstances", 1, fn);
  return () => {
    let n = 0;
    let mean = 0;
    let sum = 0;
    let min = Infinity;
    return {
      update(error) {
        n++;
        mean += (error - mean) / n;
        sum = alpha * sum + (error - mean - delta);
        if (sum < min) min = sum;
        return n < minInstances ? -Infinity : sum - min;
      },
    };
  };
}

const PAGE_HINKLEY: DetectorSpec<PageHinkleyOptions> = {
  method: "pageHinkley",
  monitor: pageHinkleyMonitor,
  textbookThreshold: 50,
};

/**
 * Concept drift by the Page–Hinkley test over the error stream (0/1 or absolute errors): warmed on
 * the reference errors, watching the current ones in ts order.
 * @param reference the reference period: a table or rows with prediction, label (and ts), or its errors
 * @param current the period watched, likewise
 * @param options `threshold` ("calibrated" by default, "textbook" = λ = 50, or a number), `falseAlarmRate`
 * (0.01), `bootstraps` (1000), `seed` (0), `delta` (0.005), `alpha` (1 − 10⁻⁴), `minInstances` (30), `task`
 * @returns {@link ConceptDriftResult}
 * @throws see readErrorStream and calibratedThreshold
 */
export function pageHinkley(
  reference: ErrorInput,
  current: ErrorInput,
  options: PageHinkleyOptions = {},
): ConceptDriftResult {
  return detect(PAGE_HINKLEY, reference, current, options);
}
