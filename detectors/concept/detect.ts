/**
 * The call every error-stream detector shares: read the reference and current error streams, pick
 * the threshold (calibrated by simulation on the reference, the textbook value, or a given number),
 * warm the monitor on the reference and report the first alarm on the current stream.
 */

import type { Dropped } from "../types.ts";
import { calibratedThreshold, type Calibration, type CalibrationOptions } from "./calibrate.ts";
import { readErrorStream, type ErrorInput, type ErrorStream, type ErrorTask } from "./errorStream.ts";
import { firstCrossing, type MonitorFactory } from "./monitor.ts";

export type ConceptMethod = "ddm" | "eddm" | "pageHinkley" | "adwin";

export interface ConceptDriftOptions extends CalibrationOptions {
  /**
   * "calibrated" (default): simulated on the reference to `falseAlarmRate`; "textbook": the
   * paper's setting; or a number on the detector's own score scale.
   */
  threshold?: number | "calibrated" | "textbook";
  /** How a table's rows become errors; inferred when absent (see readErrorStream). */
  task?: ErrorTask;
}

export interface ConceptDriftResult {
  method: ConceptMethod;
  /** Whether the current stream raised an alarm. */
  drift: boolean;
  /** The alarm's position in the current error stream (ts order, labelled rows only), or null. */
  detectedAt: number | null;
  /** That prediction's ts (epoch ms) when the current input has a ts column, else null. */
  detectedTs: number | null;
  /** The score at the alarm, or the largest score over the current stream when none. */
  statistic: number;
  threshold: number;
  /** How the threshold was calibrated; null for a textbook or given threshold. */
  calibration: Calibration | null;
  task: ErrorTask;
  /** Errors each stream held. */
  errors: { reference: number; current: number };
  /** Rows left out of each stream (unlabelled, no prediction, missing or infinite errors). */
  dropped: Dropped;
}

/** A detector's definition: its monitor for given options, and its textbook threshold. */
export interface DetectorSpec<O> {
  method: ConceptMethod;
  monitor(options: O, fn: string): MonitorFactory;
  textbookThreshold: number;
  /** Checks the streams fit the detector (e.g. 0/1 errors only). */
  check?(stream: ErrorStream, what: string): void;
}

/** Runs one detector: the body of detectors.concept.<method>. */
export function detect<O extends ConceptDriftOptions>(
  spec: DetectorSpec<O>,
  reference: ErrorInput,
  current: ErrorInput,
  options: O,
): ConceptDriftResult {
  const fn = `concept.${spec.method}`;
  const { threshold: choice = "calibrated", task } = options;
  const ref = readStream(reference, `${fn}: reference`, task, choice !== "calibrated", spec);
  const cur = readErrorStream(current, `${fn}: current`, task ?? ref.task);
  spec.check?.(cur, `${fn}: current`);
  const monitor = spec.monitor(options, fn);
  let threshold: number;
  let calibration: Calibration | null = null;
  if (choice === "calibrated")
    ({ threshold, calibration } = calibratedThreshold(monitor, ref.errors, cur.errors.length, options, fn));
  else if (choice === "textbook") threshold = spec.textbookThreshold;
  else if (typeof choice === "number" && !Number.isNaN(choice)) threshold = choice;
  else throw new Error(`${fn}: threshold must be "calibrated", "textbook" or a number, got ${String(choice)}`);
  const crossing = firstCrossing(monitor, ref.errors, cur.errors, threshold);
  return {
    method: spec.method,
    drift: crossing.index !== null,
    detectedAt: crossing.index,
    detectedTs: crossing.index !== null && cur.ts ? cur.ts[crossing.index] : null,
    statistic: crossing.statistic,
    threshold,
    calibration,
    task: cur.task,
    errors: { reference: ref.errors.length, current: cur.errors.length },
    dropped: { reference: ref.dropped, current: cur.dropped },
  };
}

/** The reference stream; it may be empty (no warm-up) only when nothing is calibrated on it. */
function readStream<O>(
  input: ErrorInput,
  what: string,
  task: ErrorTask | undefined,
  emptyAllowed: boolean,
  spec: DetectorSpec<O>,
): ErrorStream {
  if (emptyAllowed && (input as ArrayLike<unknown>).length === 0)
    return { errors: new Float64Array(0), ts: null, dropped: 0, task: task ?? "classification" };
  const stream = readErrorStream(input, what, task);
  spec.check?.(stream, what);
  return stream;
}

/** Checks a stream holds only 0/1 errors, for the detectors built on Bernoulli errors (DDM, EDDM). */
export function checkBinary(stream: ErrorStream, what: string, method: string): void {
  const i = stream.errors.findIndex((e) => e !== 0 && e !== 1);
  if (i >= 0)
    throw new Error(
      `${what}: ${method} watches 0/1 classification errors; error ${i} is ${stream.errors[i]} (use pageHinkley or adwin for regression errors)`,
    );
}
