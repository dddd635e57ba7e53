/**
 * The binned shares psi, kl, jensenShannon and hellinger compare, from raw samples (Evidently's
 * binning, bins.ts) or from two column profiles. Profiles keep no values, so the raw path's bins
 * (Sturges edges over the pooled values) cannot be rebuilt; a numeric pair is binned on quantile
 * edges of the reference's sketch instead, and the result names the binning it used.
 */

import {
  samplePair,
  sketchedColumn,
  valueCounts,
  countedPair,
  type ColumnInput,
  type ProfilePair,
} from "../inputs/profileInputs.ts";
import type { Approximation, Binning, Dropped } from "../types.ts";
import { binnedShares, cleanPair, fillZeros, scale, type ColumnType } from "./bins.ts";

/** The reference's distinct values up to which a numeric pair gets one bin per value, as Evidently's rule 3. */
const VALUE_BINS_LIMIT = 20;

/** Shares of each bin in both samples, what was dropped, and (from profiles) how they were binned. */
export interface BinnedInput {
  reference: Float64Array;
  current: Float64Array;
  dropped: Dropped;
  /** "reference-quantiles" only: the inner edges; bin i is (edges[i − 1], edges[i]], the outer bins open-ended. */
  edges?: number[];
  /** From profiles: the binning, and the bound on each bin's share when a sketch was read. */
  note: { binning?: Binning; approximate?: Approximation };
}

/**
 * The binned shares of two samples, raw (Evidently's get_binned_data, bins.ts) or two column profiles
 * (see {@link profileShares}).
 * @param fill whether to replace empty bins by Evidently's small value (psi, kl)
 * @throws when `type` is unknown, a sample is empty, or only one sample is a profile
 */
export function binnedInput(
  reference: ColumnInput,
  current: ColumnInput,
  type: ColumnType | undefined,
  fn: string,
  fill: boolean,
): BinnedInput {
  const pair = samplePair(reference, current, fn);
  if (pair.kind === "profiles") return profileShares(pair, type, fn, fill);
  const clean = cleanPair(pair.reference, pair.current, type, fn);
  const shares = binnedShares(clean, fill);
  return { reference: shares.reference, current: shares.current, dropped: clean.dropped, note: {} };
}

/**
 * The binned shares of two column profiles:
 * - categorical (a categorical profile on either side, or `type: "categorical"`): one bin per
 *   category, exact from the counts; a profile's `other` count is one more category ("categories");
 * - numeric, when the reference holds at most 20 distinct values: one bin per value ("values"), as
 *   Evidently bins a numeric column with few values, from the profiles' exact counts per value (from
 *   their sketches' values for a profile that has none: encoded before they were kept, or past 32 values);
 * - numeric otherwise: B = ⌈log2(n_ref + n_cur) + 1⌉ bins (Sturges' count, as the raw path on
 *   continuous values), edges at the reference sketch's quantiles i/B, the outer bins open-ended
 *   so both samples are covered ("reference-quantiles"); shares F(e_i+1) − F(e_i) from each
 *   profile's sketch CDF. The reference's shares are then near 1/B each, as in the usual
 *   decile-style PSI.
 * Shares read from a sketch are within twice its rank error of the exact share of the same bin;
 * `note.approximate` states that bound (absent when both sketches still hold every value). Zero
 * fill as Evidently's when `fill`.
 * @throws when `type` is "numeric" and a profile is categorical, or a profile has no values
 */
export function profileShares(pair: ProfilePair, type: ColumnType | undefined, fn: string, fill: boolean): BinnedInput {
  if (type !== undefined && type !== "numeric" && type !== "categorical")
    throw new Error(`${fn}: type must be "numeric" or "categorical", got ${String(type)}`);
  const numeric = pair.reference.type === "numeric" && pair.current.type === "numeric";
  if (type === "numeric" && !numeric)
    throw new Error(`${fn}: type "numeric" needs two numeric profiles, got a categorical one`);
  const binned =
    (type ?? (numeric ? "numeric" : "categorical")) === "categorical"
      ? categoryShares(pair, fn)
      : sketchShares(pair, fn);
  if (fill) {
    fillZeros(binned.reference);
    fillZeros(binned.current);
  }
  return binned;
}

function categoryShares(pair: ProfilePair, fn: string): BinnedInput {
  const counts = countedPair(pair, fn);
  return {
    reference: scale(counts.reference, counts.nRef),
    current: scale(counts.current, counts.nCur),
    dropped: counts.dropped,
    note: { binning: "categories", ...(counts.approximate ? { approximate: counts.approximate } : {}) },
  };
}

function sketchShares(pair: ProfilePair, fn: string): BinnedInput {
  const ref = sketchedColumn(pair.reference, `${fn}: reference`);
  const cur = sketchedColumn(pair.current, `${fn}: current`);
  const dropped = { reference: ref.missing, current: cur.missing };
  const approximate = (error: number) =>
    error > 0 ? { approximate: { bound: 2 * error, on: "bin shares" as const } } : {};
  const refValues = valueCounts(ref);
  if (refValues.distinct <= VALUE_BINS_LIMIT) {
    const curValues = valueCounts(cur);
    const values = [...new Set([...refValues.values, ...curValues.values])].sort((a, b) => a - b);
    const index = new Map(values.map((value, i) => [value, i]));
    const tally = (side: { values: number[]; counts: number[] }) => {
      const out = new Float64Array(values.length);
      side.values.forEach((value, i) => (out[index.get(value) as number] = side.counts[i]));
      return out;
    };
    return {
      reference: scale(tally(refValues), ref.count),
      current: scale(tally(curValues), cur.count),
      dropped,
      note: { binning: "values", ...approximate(Math.max(refValues.error, curValues.error)) },
    };
  }
  const bins = Math.ceil(Math.log2(ref.count + cur.count) + 1);
  const edges: number[] = [];
  for (let i = 1; i < bins; i++) {
    const edge = ref.quantile(i / bins);
    if (edge < ref.max && (edges.length === 0 || edge > edges[edges.length - 1])) edges.push(edge);
  }
  const shares = (profile: typeof ref) => {
    const out = new Float64Array(edges.length + 1);
    let below = 0;
    edges.forEach((edge, i) => {
      const upTo = profile.cdf(edge);
      out[i] = upTo - below;
      below = upTo;
    });
    out[edges.length] = 1 - below;
    return out;
  };
  return {
    reference: shares(ref),
    current: shares(cur),
    dropped,
    edges,
    note: {
      binning: "reference-quantiles",
      ...approximate(Math.max(ref.sketch.rankErrorBound(), cur.sketch.rankErrorBound())),
    },
  };
}
