/**
 * The per-chunk test of realized performance against the reference, once labels arrive: each
 * fully labelled chunk of the current data is tested for a metric different from the reference's —
 * the two-proportion z-test for accuracy-type metrics (categorical/zTest.ts), a bootstrap interval
 * for F1, ROC AUC and regression errors — at a fixed level per chunk, or at LORD++'s online levels
 * (lord.ts) when asked: a batch correction such as Benjamini–Hochberg would change past chunks'
 * verdicts as new chunks arrive. The chunks may be stored profiles rather than rows where their
 * counts suffice (realizedInputs.ts, realizedSamples.ts).
 */

import { twoProportionZ } from "../categorical/zTest.ts";
import { chunkMetric, type Bounds, type ChunkMetric } from "../chunks/chunkMetric.ts";
import type { ChunkOptions } from "../chunks/chunks.ts";
import { checkAlpha, checkCount } from "../inputs/options.ts";
import type { TableInput } from "../inputs/columns.ts";
import type { Label } from "../metrics/confusion.ts";
import type { Profile } from "../profiles/profile.ts";
import { seededRng, type Rng } from "../random/rng.ts";
import { lordLevels } from "./lord.ts";
import {
  BOOTSTRAP_METRICS,
  PROPORTION_METRICS,
  isBootstrapMetric,
  isProportionMetric,
  type BootstrapMetric,
  type ProportionMetric,
  type RealizedMetric,
  type WeightedMetric,
} from "./realizedMetrics.ts";
import { currentSamples, referenceSample, type ChunkSample, type ProfileInterval } from "./realizedInputs.ts";
import type { RealizedSample } from "./realizedSamples.ts";

export interface RealizedPerformanceOptions {
  /** Default "accuracy". */
  metric?: RealizedMetric;
  /** Default {count: 10}, NannyML's default chunker; left out when the chunks are profile intervals. */
  chunks?: ChunkOptions;
  /** The level of each chunk's test ("none"), or the false discovery rate LORD++ controls. Default 0.05. */
  alpha?: number;
  /** "none" (default): every chunk at `alpha`; "lord": LORD++'s online levels. */
  correction?: "none" | "lord";
  /** LORD++'s initial wealth W₀, in (0, alpha]. Default alpha/2. */
  initialWealth?: number;
  /** Resamples of the bootstrap tests. Default 1000. */
  bootstraps?: number;
  seed?: number;
  /** The positive label for precision, recall, specificity, F1 and ROC AUC. Default 1. */
  positive?: Label;
}

/** A tested chunk: the shared per-chunk entry, its realized value as `estimate`, `realized` and `value`. */
export interface RealizedChunk extends ChunkMetric {
  /** The metric on the reference. */
  reference: number;
  pValue: number;
  /** The level this chunk was tested at (alpha, or its LORD++ level); `alert` is pValue ≤ level. */
  level: number;
  /** ROC AUC from score histograms: the most it can be off the AUC of the raw scores. */
  approximation?: number;
}

/** A chunk left untested, and why. */
export interface SkippedChunk {
  index: number;
  start: Date | null;
  end: Date | null;
  rows: number;
  labelled: number;
  reason: string;
}

export interface RealizedPerformanceResult {
  method: "realizedPerformance";
  metric: RealizedMetric;
  test: "zTest" | "bootstrap";
  correction: "none" | "lord";
  alpha: number;
  reference: number;
  /** ROC AUC of a reference Profile: the most it can be off the AUC of the raw scores. */
  referenceApproximation?: number;
  /** Whether any tested chunk alerts. */
  drift: boolean;
  chunks: RealizedChunk[];
  skipped: SkippedChunk[];
}

const FN = "concept.realizedPerformance";

/**
 * Tests each fully labelled chunk of `current` against the reference on a realized metric.
 * Bootstrap tests resample the reference and the chunk independently (the reference's resamples are
 * drawn once, shared by the chunks); the p-value is 2·min(P*(d ≤ 0), P*(d ≥ 0)) over the resampled
 * differences d = chunk − reference, with (1 + count)/(B + 1), so it is below α when the percentile
 * interval of the difference at 1 − α leaves out 0 (up to that +1). LORD++ runs over the tested chunks in
 * time order: as long as chunks become fully labelled in that order, past verdicts never change.
 * @param reference a table or rows with prediction, label (and score for roc_auc), or a Profile with labels
 * @param current likewise, with ts for period chunks; rows without a label are not yet labelled. Or
 *   stored profiles, `profiles(model, {every: "1d"})` in a cell: each interval is a chunk, labelled
 *   when its label count reaches its row count; not for mae, mse, rmse (they need rows)
 * @throws naming the option, column, row or interval at fault
 */
export function realizedPerformance(
  reference: TableInput | Profile,
  current: TableInput | readonly ProfileInterval[],
  options: RealizedPerformanceOptions = {},
): RealizedPerformanceResult {
  const { metric = "accuracy", chunks: chunking, alpha = 0.05, correction = "none" } = options;
  const { bootstraps = 1000, seed = 0, positive = 1 } = options;
  checkAlpha(alpha, FN);
  checkCount(bootstraps, "bootstraps", 1, FN);
  if (correction !== "none" && correction !== "lord")
    throw new Error(`${FN}: correction must be "none" or "lord", got ${String(correction)}`);
  const ref = referenceSample(reference, positive, `${FN}: reference`);
  if (ref.labelled === 0) throw new Error(`${FN}: reference has no labelled rows`);
  const tester = isProportionMetric(metric)
    ? proportionTester(metric, ref)
    : isBootstrapMetric(metric)
      ? bootstrapTester(metric, ref, bootstraps, seed)
      : null;
  if (tester === null)
    throw new Error(
      `${FN}: metric must be one of ${[...PROPORTION_METRICS, ...BOOTSTRAP_METRICS].join(", ")}, got ${String(metric)}`,
    );

  const tested: { chunk: ChunkSample["chunk"]; outcome: Outcome }[] = [];
  const skipped: SkippedChunk[] = [];
  for (const { chunk, sample } of currentSamples(current, chunking, positive, `${FN}: current`)) {
    const outcome = sample.labelled < chunk.rows.length ? "not every row is labelled yet" : tester.test(sample);
    if (typeof outcome === "string") skipped.push({ ...span(chunk), labelled: sample.labelled, reason: outcome });
    else tested.push({ chunk, outcome });
  }
  const pValues = tested.map((t) => t.outcome.pValue);
  const levels =
    correction === "lord" ? lordLevels(pValues, alpha, options.initialWealth).levels : pValues.map(() => alpha);
  const entries = tested.map(({ chunk, outcome }, k): RealizedChunk => {
    const entry = chunkMetric(
      chunk,
      chunk.rows.length,
      outcome.value,
      outcome.samplingError,
      outcome.value,
      NO_THRESHOLDS,
      tester.limits,
    );
    return {
      ...entry,
      alert: outcome.pValue <= levels[k],
      reference: tester.reference,
      pValue: outcome.pValue,
      level: levels[k],
      ...(outcome.approximation !== undefined && { approximation: outcome.approximation }),
    };
  });
  return {
    method: "realizedPerformance",
    metric,
    test: tester.kind,
    correction,
    alpha,
    reference: tester.reference,
    ...(tester.approximation !== undefined && { referenceApproximation: tester.approximation }),
    drift: entries.some((e) => e.alert),
    chunks: entries,
    skipped,
  };
}

const NO_THRESHOLDS: Bounds = { lower: null, upper: null };

interface Outcome {
  value: number;
  samplingError: number;
  pValue: number;
  approximation?: number;
}

/** One metric's test against the reference sample. */
interface Tester {
  kind: "zTest" | "bootstrap";
  reference: number;
  /** The reference metric's approximation bound, when it is not exact. */
  approximation?: number;
  limits: Bounds;
  /** The test of a fully labelled chunk, or why it cannot be tested. */
  test(sample: RealizedSample): Outcome | string;
}

/** The two-proportion z-test on counts, which rows and profiles give alike. */
function proportionTester(metric: ProportionMetric, ref: RealizedSample): Tester {
  const refCounts = ref.proportion(metric);
  if (refCounts.n === 0) throw new Error(`${FN}: the reference has no rows that ${metric} counts`);
  return {
    kind: "zTest",
    reference: refCounts.ones / refCounts.n,
    limits: { lower: 0, upper: 1 },
    test(sample) {
      const current = sample.proportion(metric);
      if (current.n === 0) return `no rows that ${metric} counts`;
      const value = current.ones / current.n;
      const { pValue } = twoProportionZ(refCounts, current);
      return { value, samplingError: Math.sqrt((value * (1 - value)) / current.n), pValue };
    },
  };
}

function bootstrapTester(metric: BootstrapMetric, ref: RealizedSample, bootstraps: number, seed: number): Tester {
  const rng = seededRng(seed);
  const refMetric = ref.weighted(metric);
  const reference = refMetric.value();
  if (Number.isNaN(reference)) throw new Error(`${FN}: ${metric} is undefined on the reference (one class only)`);
  const refStars = resampled(refMetric, bootstraps, rng);
  return {
    kind: "bootstrap",
    reference,
    approximation: ref.approximation(metric),
    limits: metric === "f1" || metric === "roc_auc" ? { lower: 0, upper: 1 } : { lower: 0, upper: null },
    test(sample) {
      const chunkMetricOf = sample.weighted(metric);
      const value = chunkMetricOf.value();
      if (Number.isNaN(value)) return `${metric} is undefined (one class only)`;
      const stars = resampled(chunkMetricOf, bootstraps, rng);
      let below = 0;
      let above = 0;
      let kept = 0;
      let sum = 0;
      let squares = 0;
      for (let b = 0; b < bootstraps; b++) {
        const difference = stars[b] - refStars[b];
        if (Number.isNaN(difference)) continue;
        kept++;
        if (difference <= 0) below++;
        if (difference >= 0) above++;
        sum += stars[b];
        squares += stars[b] * stars[b];
      }
      const mean = sum / kept;
      return {
        value,
        samplingError: Math.sqrt(Math.max(0, squares / kept - mean * mean)),
        pValue: Math.min(1, (2 * (1 + Math.min(below, above))) / (kept + 1)),
        approximation: sample.approximation(metric),
      };
    },
  };
}

/** The metric on `bootstraps` resamples with replacement, each drawn as multiplicities. */
function resampled(metric: WeightedMetric, bootstraps: number, rng: Rng): Float64Array {
  const weights = new Float64Array(metric.n);
  const out = new Float64Array(bootstraps);
  for (let b = 0; b < bootstraps; b++) {
    weights.fill(0);
    for (let k = 0; k < metric.n; k++) weights[rng.int(metric.n)]++;
    out[b] = metric.value(weights);
  }
  return out;
}

function span(chunk: ChunkSample["chunk"]): Omit<SkippedChunk, "labelled" | "reason"> {
  return {
    index: chunk.index,
    start: chunk.start === null ? null : new Date(chunk.start),
    end: chunk.end === null ? null : new Date(chunk.end),
    rows: chunk.rows.length,
  };
}
