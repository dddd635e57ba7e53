/**
 * The per-chunk entry every chunked performance result shares (CBPE, DLE, the per-chunk realized
 * test): one point of a plot over time, with its sampling band, its alert thresholds and the realized
 * value beside the estimate once the chunk's labels are all in. NannyML's result columns
 * (value, sampling_error, upper/lower_confidence_boundary, upper/lower_threshold, alert; §5.4),
 * flattened so Plot can draw them directly.
 */

import type { Chunk } from "./chunks.ts";

/** One chunk's metric. */
export interface ChunkMetric {
  index: number;
  start: Date | null;
  end: Date | null;
  /** Rows in the chunk. */
  rows: number;
  /** Rows with a label. */
  labelled: number;
  /** The estimate from the model's scores (or the realized value, for a realized-only metric). */
  estimate: number;
  /** NannyML's standard error of the metric at this chunk's size. */
  samplingError: number;
  /** The sampling band estimate ± 3 · samplingError, clipped to the metric's range. */
  lower: number;
  upper: number;
  /** The metric on the labels, when every row of the chunk has one. */
  realized?: number;
  /** Alert thresholds from the reference chunks (null: no bound on that side). */
  lowerThreshold: number | null;
  upperThreshold: number | null;
  /** The estimate is outside the thresholds (NannyML alerts on the estimate). */
  alert: boolean;
  /** Realized where the chunk is labelled, else the estimate; `source` says which. */
  value: number;
  source: "realized" | "estimated";
}

/** Bounds of a metric, or of its alert thresholds: null for no bound on that side. */
export interface Bounds {
  lower: number | null;
  upper: number | null;
}

/** How many standard errors the sampling band spans each side (NannyML's confidence band). */
export const BAND_WIDTH = 3;

/**
 * One chunk's entry. `realized` is kept only when every row is labelled: a partly labelled chunk's
 * realized metric is over the rows whose labels came first, which need not be like the rest.
 * Only the number of the chunk's rows is read, so a chunk made from a stored profile serves too.
 */
export function chunkMetric(
  chunk: Omit<Chunk, "rows"> & { rows: { readonly length: number } },
  labelled: number,
  estimate: number,
  samplingError: number,
  realized: number | undefined,
  thresholds: Bounds,
  limits: Bounds,
): ChunkMetric {
  const clip = (x: number) => Math.min(limits.upper ?? Infinity, Math.max(limits.lower ?? -Infinity, x));
  const rows = chunk.rows.length;
  const known = realized !== undefined && labelled === rows && rows > 0 ? realized : undefined;
  return {
    index: chunk.index,
    start: chunk.start === null ? null : new Date(chunk.start),
    end: chunk.end === null ? null : new Date(chunk.end),
    rows,
    labelled,
    estimate,
    samplingError,
    lower: clip(estimate - BAND_WIDTH * samplingError),
    upper: clip(estimate + BAND_WIDTH * samplingError),
    ...(known === undefined ? {} : { realized: known }),
    lowerThreshold: thresholds.lower,
    upperThreshold: thresholds.upper,
    alert: outside(estimate, thresholds),
    value: known ?? estimate,
    source: known === undefined ? "estimated" : "realized",
  };
}

/** NannyML's alert rule: below the lower or above the upper threshold; NaN never alerts. */
export function outside(value: number, thresholds: Bounds): boolean {
  return (
    (thresholds.lower !== null && value < thresholds.lower) || (thresholds.upper !== null && value > thresholds.upper)
  );
}
