/**
 * What the four error-stream detectors share: each is a monitor that takes one error at a time and
 * returns its drift score, higher meaning more evidence of a rise in error, and alarms when the
 * score exceeds a threshold. Before its first alarm a monitor's state never depends on the
 * threshold, so the first alarm is the first step whose score exceeds it: one pass gives the
 * alarm time for any threshold, and the largest score over a stream decides whether it alarms at
 * all, which is what calibration by simulation needs (calibrate.ts).
 */

/** One detector's running state. */
export interface ErrorMonitor {
  /** Takes the next error; returns the score after it (−Infinity while the detector is not ready). */
  update(error: number): number;
}

/** Builds a fresh monitor (the parameters are bound in). */
export type MonitorFactory = () => ErrorMonitor;

/** Where a stream first scores above the threshold, and the score there (else the largest score). */
export interface Crossing {
  /** Index in `stream`, or null when no score exceeds the threshold. */
  index: number | null;
  statistic: number;
}

/**
 * Runs a fresh monitor over `warmup` (the reference: its scores are never alarms, it is in
 * control by definition) and then over `stream`, stopping at the first score above `threshold`.
 */
export function firstCrossing(
  monitor: MonitorFactory,
  warmup: ArrayLike<number>,
  stream: ArrayLike<number>,
  threshold: number,
): Crossing {
  const state = warmedUp(monitor, warmup);
  let largest = -Infinity;
  for (let i = 0; i < stream.length; i++) {
    const score = state.update(stream[i]);
    if (score > threshold) return { index: i, statistic: score };
    if (score > largest) largest = score;
  }
  return { index: null, statistic: largest };
}

/** The largest score over `stream` after a warm-up: the stream alarms iff it exceeds the threshold. */
export function largestScore(monitor: MonitorFactory, warmup: ArrayLike<number>, stream: ArrayLike<number>): number {
  return firstCrossing(monitor, warmup, stream, Infinity).statistic;
}

function warmedUp(monitor: MonitorFactory, warmup: ArrayLike<number>): ErrorMonitor {
  const state = monitor();
  for (let i = 0; i < warmup.length; i++) state.update(warmup[i]);
  return state;
}
