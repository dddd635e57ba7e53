/** Result shapes shared by every detector. */

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
