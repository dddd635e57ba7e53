/**
 * ADWIN, adaptive windowing (Bifet & Gavaldà 2007, "Learning from time-changing data with adaptive
 * windowing", SDM 2007), in its ADWIN2 form over an exponential histogram (adwinHistogram.ts) as
 * MOA's ADWIN runs it: every `clock` errors, every split of the window at a bucket boundary into an
 * older part W₀ (n₀ errors, mean μ₀) and a newer W₁ (n₁, μ₁), both longer than minWindowLength + 1,
 * is a cut when |μ₀ − μ₁| > ε = √(2·m·σ²·dd) + (2/3)·dd·m, with σ² the window's variance,
 * m = 1/(n₀ − minWindowLength + 1) + 1/(n₁ − minWindowLength + 1) and dd = ln(2·ln n / δ).
 * Like the paper it is two-sided: a fall in error is a change too.
 */

import { checkCount } from "../inputs/options.ts";
import { AdwinHistogram } from "./adwinHistogram.ts";
import { detect, type ConceptDriftOptions, type ConceptDriftResult, type DetectorSpec } from "./detect.ts";
import type { ErrorInput } from "./errorStream.ts";
import type { MonitorFactory } from "./monitor.ts";

export interface AdwinOptions extends ConceptDriftOptions {
  /** Errors between two checks for a cut. Default 32 (MOA, River). */
  clock?: number;
  /** Buckets per level of the histogram, M in the paper. Default 5 (MOA, River). */
  maxBuckets?: number;
  /** Shortest part on either side of a cut, less one. Default 5 (MOA, River). */
  minWindowLength?: number;
}

/** The paper's confidence δ = 0.002 (MOA, River), as a threshold on the score: ln(1/δ). */
const TEXTBOOK_DELTA = 0.002;

/**
 * ADWIN's monitor. Solving ε = |μ₀ − μ₁| for dd gives the largest dd*, hence the smallest δ, at
 * which a cut still holds; the score is the largest dd* − ln(2·ln n) = ln(1/δ*) over the cuts at a
 * check, so a cut exists at confidence δ exactly when the score exceeds ln(1/δ) (6.2146 for the
 * textbook δ = 0.002). Between checks the score is −Infinity.
 */
export function adwinMonitor(options: AdwinOptions, fn: string): MonitorFactory {
  const { clock = 32, maxBuckets = 5, minWindowLength = 5 } = options;
  checkCount(clock, "clock", 1, fn);
  checkCount(maxBuckets, "maxBuckets", 2, fn);
  checkCount(minWindowLength, "minWindowLength", 1, fn);
  return () => {
    const window = new AdwinHistogram(maxBuckets);
    let time = 0;
    return {
      update(error) {
        window.insert(error);
        time++;
        if (time % clock !== 0 || window.width <= minWindowLength) return -Infinity;
        return largestCutScore(window, minWindowLength);
      },
    };
  };
}

/** The largest ln(1/δ*) over the window's cuts (−Infinity when no split is long enough on both sides). */
function largestCutScore(window: AdwinHistogram, minWindowLength: number): number {
  const n = window.width;
  const variance = window.variance / n;
  const offset = Math.log(2 * Math.log(n));
  let best = -Infinity;
  window.forEachSplit((n0, sum0) => {
    const n1 = n - n0;
    if (n0 <= minWindowLength + 1 || n1 <= minWindowLength + 1) return;
    const gap = Math.abs(sum0 / n0 - (window.total - sum0) / n1);
    const m = 1 / (n0 - minWindowLength + 1) + 1 / (n1 - minWindowLength + 1);
    // a·dd + b·√dd = gap, a quadratic in √dd.
    const a = (2 / 3) * m;
    const b = Math.sqrt(2 * m * variance);
    const root = (-b + Math.sqrt(b * b + 4 * a * gap)) / (2 * a);
    const score = root * root - offset;
    if (score > best) best = score;
  });
  return best;
}

const ADWIN: DetectorSpec<AdwinOptions> = {
  method: "adwin",
  monitor: adwinMonitor,
  textbookThreshold: Math.log(1 / TEXTBOOK_DELTA),
};

/**
 * Concept drift by ADWIN (Bifet & Gavaldà 2007) over the error stream (0/1 or absolute errors):
 * the window starts with the reference errors, and the first cut while reading the current ones,
 * in ts order, is the alarm.
 * @param reference the reference period: a table or rows with prediction, label (and ts), or its errors
 * @param current the period watched, likewise
 * @param options `threshold` ("calibrated" by default, "textbook" = ln(1/0.002), or ln(1/δ) for a δ),
 * `falseAlarmRate` (0.01), `bootstraps` (1000), `seed` (0), `clock` (32), `maxBuckets` (5), `minWindowLength` (5), `task`
 * @returns {@link ConceptDriftResult}
 * @throws see readErrorStream and calibratedThreshold
 */
export function adwin(reference: ErrorInput, current: ErrorInput, options: AdwinOptions = {}): ConceptDriftResult {
  return detect(ADWIN, reference, current, options);
}
