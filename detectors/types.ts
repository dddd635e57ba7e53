/** Result shapes shared by every detector, and the name of a profile's `other` category. */

/** How many values a test removed before running (NaN, ±Infinity, null, undefined). */
export interface Dropped {
  reference: number;
  current: number;
}

/**
 * What every drift test returns. `statistic` is the test's own statistic or distance;
 * `threshold` is what it was compared with (a significance level for tests with a p-value,
 * a distance cut-off otherwise); `drift` is the decision.
 */
export interface TestResult {
  method: string;
  statistic: number;
  pValue?: number;
  threshold: number;
  drift: boolean;
  dropped: Dropped;
  /** From profiles, for binned distances: the bins used (see {@link Binning}). Absent from raw values. */
  binning?: Binning;
  /** From profiles, when the result rests on a sketch: how far it can be from the exact one. Absent when exact. */
  approximate?: Approximation;
}

/**
 * The bins of a binned distance computed from profiles: one per category ("categories", a profile's
 * `other` count being one more), one per value of a numeric pair ("values", when the reference holds at
 * most 20 distinct values), or quantile edges of the reference's sketch ("reference-quantiles").
 */
export type Binning = "categories" | "values" | "reference-quantiles";

/**
 * How far a result computed from sketches can be from the same computation on the raw values, at
 * the sketches' 99% confidence: `bound` on the named quantity ("statistic": the statistic itself;
 * "bin shares": every bin's share in either sample; "rocAuc": the ROC AUC).
 */
export interface Approximation {
  bound: number;
  on: "statistic" | "bin shares" | "rocAuc";
}

/** Alternative hypotheses, named as scipy names them. */
export type Alternative = "two-sided" | "less" | "greater";

/** A column source: an array or typed array of values. */
export type Values = ArrayLike<unknown>;

/** Reads columns of a table without depending on Arquero: Arquero tables fit, so do plain adapters. */
export interface TableLike {
  columnNames(): string[];
  array(name: string): ArrayLike<unknown>;
  numRows(): number;
}

/**
 * The category standing for a profile's `other` count (the values past its cap): one more category
 * in every count-based test, so those tests stay exact over the categories the profile kept. The
 * store gives a segment value past its cap the same name (server/store/profileDeltas.ts).
 */
export const OTHER_CATEGORY = "\uffffother";
