/**
 * Reading column profiles (detectors/profiles/: NumericProfile, CategoricalProfile) for the detectors
 * that accept them in place of raw values: telling a profile from an array, pairing reference and
 * current, and the category counts of a pair. This folder may not import the public profiles/ family,
 * so the profiles are read through the few members named here, which the classes there have.
 */

import { OTHER_CATEGORY, type Approximation, type Dropped, type Values } from "../types.ts";

/** The retained items of a quantile sketch, ascending, each standing for `weight` values. */
export interface SketchView {
  values: Float64Array;
  weights: Float64Array;
}

/** What the detectors read of a numeric column profile (NumericProfile and its KLL sketch). */
export interface SketchedColumn {
  readonly type: "numeric";
  readonly count: number;
  readonly missing: number;
  readonly min: number;
  readonly max: number;
  readonly mean: number;
  /** Sum of squared deviations from the mean (Welford's M2). */
  readonly m2: number;
  cdf(x: number): number;
  quantile(q: number): number;
  /** Its KLL sketch: rankErrorBound() is 0 while the sketch still holds every value. */
  readonly sketch: { readonly n: number; rankErrorBound(): number; sortedView(): SketchView };
  /**
   * Whether every value is whole, and exact counts per value while there are at most `cap` (null
   * past it); null when the profile does not know (encoded before these were kept).
   */
  readonly distinct: {
    readonly cap: number;
    readonly wholeNumbers: boolean;
    readonly counts: ReadonlyMap<number, number> | null;
  } | null;
}

/** What the detectors read of a categorical column profile (CategoricalProfile). */
export interface CountedColumn {
  readonly type: "categorical";
  readonly count: number;
  readonly missing: number;
  /** Exact counts of the values seen while they fitted under the profile's cap. */
  readonly counts: ReadonlyMap<string, number>;
  /** Values not in `counts` (past the cap). */
  readonly other: number;
}

/** A column profile, as the detectors read it. */
export type ProfiledColumn = SketchedColumn | CountedColumn;

/** Whether `value` is a column profile rather than an array of values. */
function isProfiledColumn(value: unknown): value is ProfiledColumn {
  if (value === null || typeof value !== "object" || Array.isArray(value) || ArrayBuffer.isView(value)) return false;
  const type = (value as { type?: unknown }).type;
  return type === "numeric" || type === "categorical";
}

/** Reference and current column profiles. */
export interface ProfilePair {
  reference: ProfiledColumn;
  current: ProfiledColumn;
}

/** Two samples as a detector was given them: both raw values, or both column profiles. */
export type SamplePair = ({ kind: "profiles" } & ProfilePair) | { kind: "values"; reference: Values; current: Values };

/**
 * Tells whether a detector was given two column profiles or two arrays of values.
 * @throws when one is a profile and the other is not (a raw sample is not profiled on the fly:
 * the caller says which form it means)
 */
export function samplePair(reference: ColumnInput, current: ColumnInput, fn: string): SamplePair {
  const referenceIsProfile = isProfiledColumn(reference);
  const currentIsProfile = isProfiledColumn(current);
  if (referenceIsProfile && currentIsProfile) return { kind: "profiles", reference, current };
  if (!referenceIsProfile && !currentIsProfile) return { kind: "values", reference, current };
  const [profiled, raw] = referenceIsProfile ? ["reference", "current"] : ["current", "reference"];
  throw new Error(
    `${fn}: ${profiled} is a column profile but ${raw} is raw values; pass two column profiles or two arrays (profileOf makes profiles of raw values)`,
  );
}

/**
 * A numeric profile, checked: its sketch must hold values.
 * @throws when `profile` is categorical or has no values
 */
export function sketchedColumn(profile: ProfiledColumn, what: string): SketchedColumn {
  if (profile.type !== "numeric") throw new Error(`${what} is a categorical profile; this test needs numeric profiles`);
  if (profile.count === 0) throw new Error(`${what} has no finite numbers (${profile.missing} values, all missing)`);
  return profile;
}

/** A numeric profile's distinct values, as {@link valueCounts} reads them. */
export interface ValueCounts {
  /** The distinct values, ascending, and how many values each stands for. */
  values: number[];
  counts: number[];
  /** How many distinct values there are: values.length, or more than the profile's cap (cap + 1, at least) past it. */
  distinct: number;
  wholeNumbers: boolean;
  /** 0 when the counts are exact; else the sketch's rank error: each share count / n is within twice it. */
  error: number;
}

/**
 * A numeric profile's distinct values and their counts: exact while the profile counts them (at most
 * its cap of distinct values); else the values its sketch retains and how many each stands for
 * (the weights of its items, whole numbers summing to the count), exact while the sketch holds every
 * value. Whether every value is whole is exact, but for a profile that does not know (then read off the sketch).
 */
export function valueCounts(profile: SketchedColumn): ValueCounts {
  const known = profile.distinct;
  const exact = known?.counts;
  if (known && exact) {
    const values = [...exact.keys()].sort((a, b) => a - b);
    const counts = values.map((value) => exact.get(value) as number);
    return { values, counts, distinct: values.length, wholeNumbers: known.wholeNumbers, error: 0 };
  }
  const { values, counts } = retainedCounts(profile.sketch.sortedView());
  return {
    values,
    counts,
    distinct: known ? Math.max(values.length, known.cap + 1) : values.length,
    wholeNumbers: known ? known.wholeNumbers : values.every(Number.isInteger),
    error: profile.sketch.rankErrorBound(),
  };
}

/** The distinct items of a sketch's sorted view and their summed weights. */
function retainedCounts({ values: items, weights }: SketchView): { values: number[]; counts: number[] } {
  const values: number[] = [];
  const counts: number[] = [];
  for (let i = 0; i < items.length; i++) {
    if (values.length > 0 && values[values.length - 1] === items[i]) counts[counts.length - 1] += weights[i];
    else {
      values.push(items[i]);
      counts.push(weights[i]);
    }
  }
  return { values, counts };
}

/** Category counts of two profiles over the union of their categories. */
export interface CountedPair {
  /** Reference categories in profile order, then those only current has, then {@link OTHER_CATEGORY} when either has `other`. */
  categories: string[];
  reference: Float64Array;
  current: Float64Array;
  nRef: number;
  nCur: number;
  /** The profiles' missing counts. */
  dropped: Dropped;
  /** When a numeric profile's counts come from its sketch: each category's share is within `bound`. */
  approximate?: Approximation;
}

/**
 * The category counts of two profiles, as the categorical tests count raw values (compared as
 * strings): a categorical profile gives its exact counts and its `other` count as
 * {@link OTHER_CATEGORY}; a numeric profile gives its {@link valueCounts} (exact while it counts its
 * values, or its sketch holds them all).
 * @throws when a profile has no values
 */
export function countedPair({ reference, current }: ProfilePair, fn: string): CountedPair {
  const ref = categoryCounts(reference, `${fn}: reference`);
  const cur = categoryCounts(current, `${fn}: current`);
  const index = new Map<string, number>();
  for (const counts of [ref.counts, cur.counts])
    for (const name of counts.keys()) if (!index.has(name)) index.set(name, index.size);
  const hasOther = ref.other > 0 || cur.other > 0;
  const size = index.size + (hasOther ? 1 : 0);
  const tally = (side: typeof ref) => {
    const out = new Float64Array(size);
    for (const [name, count] of side.counts) out[index.get(name) as number] = count;
    if (hasOther) out[size - 1] = side.other;
    return out;
  };
  const bound = 2 * Math.max(ref.error, cur.error);
  return {
    categories: hasOther ? [...index.keys(), OTHER_CATEGORY] : [...index.keys()],
    reference: tally(ref),
    current: tally(cur),
    nRef: reference.count,
    nCur: current.count,
    dropped: { reference: reference.missing, current: current.missing },
    ...(bound > 0 ? { approximate: { bound, on: "bin shares" as const } } : {}),
  };
}

/**
 * A profile's counts by category, as strings: a categorical profile's own (and its `other`), or a
 * numeric profile's {@link valueCounts}; `error` is their rank error (0 when exact).
 * @throws when the profile has no values
 */
export function categoryCounts(
  profile: ProfiledColumn,
  what: string,
): { counts: ReadonlyMap<string, number>; other: number; error: number } {
  if (profile.count === 0) throw new Error(`${what} has no values (${profile.missing} values, all missing)`);
  if (profile.type === "categorical") return { counts: profile.counts, other: profile.other, error: 0 };
  const { values, counts, error } = valueCounts(profile);
  return { counts: new Map(values.map((value, i) => [String(value), counts[i]])), other: 0, error };
}

/** What a two-sample detector accepts for each sample: raw values, or that column's profile. */
export type ColumnInput = Values | ProfiledColumn;
