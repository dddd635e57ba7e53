/**
 * The online drift detectors' contract (issue 21): a detector is calibrated once on a reference,
 * then fed one instance at a time and answers, at every step, whether the sliding window of the
 * latest instances has drifted from the reference, as Alibi Detect 0.12's online detectors
 * (cd/base_online.py). Its state is plain JSON, so a workbook can store it between runs and
 * `restore(state)` continues exactly where it stopped.
 */

/** The online detectors: Alibi Detect's MMDDriftOnline, LSDDDriftOnline, CVMDriftOnline and FETDriftOnline. */
export type OnlineKind = "mmd" | "lsdd" | "cvm" | "fet";

/** One step's answer. */
export interface OnlineResult {
  /** Whether this step's statistic exceeds its threshold. */
  drift: boolean;
  /**
   * This step's test statistic (for detectors with several windows or features: the one with the
   * largest statistic-to-threshold margin; per-window/per-feature detail may sit in extra fields).
   */
  distance: number;
  /** The threshold `distance` is compared with at this step. */
  threshold: number;
  /** Instances seen since the last reset (the first update gives 1). */
  time: number;
}

/** An instance: a number (one feature), an array or typed array of numbers, or an object keyed by feature. */
export type OnlineInstance = number | ArrayLike<number> | Record<string, number>;

export interface OnlineDetector {
  readonly kind: OnlineKind;
  /** Adds one instance to the test window and tests it against the reference. */
  update(x: OnlineInstance): OnlineResult;
  /** Forgets the instances seen (time back to 0) and keeps the calibration, as Alibi's `reset_state`. */
  reset(): void;
  /** JSON-serializable and self-contained: `restore(state)` continues exactly (the same results from the next update on). */
  state(): OnlineState;
}

/** A detector's saved state: its kind, this format's version, and kind-specific fields. */
export interface OnlineState {
  kind: OnlineKind;
  version: 1;
  [field: string]: unknown;
}
