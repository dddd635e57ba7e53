/**
 * Drift per segment (issue 18, item 2): each value of a segment column (the entries of
 * `profiles(model, {segment: "region"})`) compared with one reference profile, with the drift
 * decisions taken together over the whole family of feature × segment tests, so that watching
 * forty segments does not page forty times as often on noise.
 *
 * Multiple testing: Benjamini–Hochberg over every p-value of every segment at once (Benjamini &
 * Hochberg 1995, "Controlling the false discovery rate", JRSS B 57(1)), not the hierarchical
 * procedure (segments first, then features within the segments selected: Benjamini & Bogomolov
 * 2014, JRSS B 76(1)). Why the flat one: the decision an alert acts on is one feature in one
 * segment, and BH bounds the expected share of false ones among exactly those; segments are
 * disjoint rows, so their tests are independent, and the tests within a segment share rows and
 * lean the same way (positive regression dependence), under which BH keeps its bound (Benjamini
 * & Yekutieli 2001). The hierarchical procedure needs one p-value per segment to select it
 * (Simes' over its features), which the distance tests below do not give, and bounds an average
 * over the selected segments, which is harder to read off a page. `correction: "bonferroni"`
 * bounds the family-wise error instead.
 *
 * Distances: tabularDrift's default on a reference of more than 1,000 rows (Evidently's rule,
 * autoSelect.ts) is a distance per column (normed Wasserstein, Jensen–Shannon) with no p-value.
 * A distance is an effect size with no error rate to control, so it keeps its threshold; the
 * correction applies to the p-value tests (ks, chi-square, z …: a small reference, or `method`).
 * What keeps small segments from reading noise as drift under distances is `minRows`.
 */

import type { Correction, CorrectionMethod } from "../correct.ts";
import type { Profile } from "../profiles/profile.ts";
import { describeMethod } from "./featureDrift.ts";
import { isProfile } from "./profileDrift.ts";
import {
  checkedOptions,
  correctFeatures,
  defaultFeatures,
  tableDrift,
  verdictOf,
  type TabularDriftOptions,
  type TabularDriftResult,
} from "./tableDrift.ts";

/**
 * One value of a segment column over a window, as `profiles(model, {segment: column})` gives it
 * (typed as profiles() entries are: an entry without `segment` is refused when read).
 */
export interface SegmentWindow {
  segment?: { column: string; value: string };
  profile: Profile;
  start?: unknown;
  end?: unknown;
}

/** One segment value's comparison with the reference. */
export interface SegmentDrift {
  column: string;
  value: string;
  /** The segment's rows in the window. */
  rows: number;
  /** The segment's dataset verdict (`result.drift`: share of its tested features ≥ driftShare). */
  drift: boolean;
  /** tabularDrift of the reference and this segment, its p-value lines decided with the whole family. */
  result: TabularDriftResult;
}

export interface SegmentDriftResult {
  method: string;
  /** The segment column. */
  column: string;
  /** Some segment drifted. */
  drift: boolean;
  /** driftedCount / testedCount: the share of the judged segments that drifted (0 when none was judged). */
  share: number;
  driftedCount: number;
  /** Segments with at least one feature tested (neither skipped nor insufficient). */
  testedCount: number;
  /** The values of the segments that drifted, in the segments' order. */
  drifted: string[];
  driftShare: number;
  minRows: number;
  referenceRows: number;
  /** The joint decision over every p-value line of every segment (absent when no line has a p-value). */
  correction?: Correction;
  fromProfiles: true;
  segments: SegmentDrift[];
}

/**
 * Whether tabularDrift's current argument is a list of profiles (`profiles()` entries) rather
 * than a table. An empty list counts as one (a window where no segment has rows) when the
 * reference is a profile, since an empty table has nothing to compare.
 */
export function isProfileList(reference: unknown, current: unknown): current is SegmentWindow[] {
  if (!Array.isArray(current)) return false;
  if (current.length === 0) return isProfile(reference as Profile);
  const profiled = (value: unknown) => typeof value === "object" && value !== null && isProfile(value as Profile);
  return current.every((entry) => typeof entry === "object" && entry !== null && profiled(entry.profile));
}

/**
 * Compares each segment's profile with the reference profile (tabularDrift's rules per segment,
 * the segment column itself left out of the default features: within a segment it is constant),
 * then decides the p-value lines of all segments together with `correction` (default "fdr":
 * Benjamini–Hochberg at α = threshold ?? 0.05), and recounts each segment's verdict.
 * @throws when the reference is not a profile, an entry has no segment, the entries name more than
 * one segment column, or a value comes more than once (several intervals: read one window)
 */
export function segmentDrift(
  reference: unknown,
  current: SegmentWindow[],
  options: TabularDriftOptions = {},
): SegmentDriftResult {
  const { threshold, driftShare, minRows } = checkedOptions(options);
  const method: CorrectionMethod = options.correction ?? "fdr";
  if (!isProfile(reference as Profile))
    throw new Error(
      "tabularDrift: segment drift compares each segment's profile with a reference Profile, e.g. profile(model, {reference: true}); the reference given is not one",
    );
  const column = segmentColumn(current);
  const segments = current.map(({ segment, profile }) => {
    const value = segment!.value;
    const features =
      options.features ??
      defaultFeatures([...(reference as Profile).columns.keys()], [...profile.columns.keys()]).filter(
        (name) => name !== column,
      );
    const result = tableDrift(reference as Profile, profile, { ...options, features, correction: undefined });
    return { column, value, rows: profile.rows, drift: result.drift, result };
  });
  const lines = segments.flatMap((segment) => segment.result.features);
  const decided = correctFeatures(lines, method, threshold ?? 0.05);
  for (const segment of segments) {
    Object.assign(segment.result, verdictOf(segment.result.features, driftShare));
    segment.drift = segment.result.drift;
  }
  const judged = segments.filter((segment) => segment.result.testedCount > 0);
  const drifted = judged.filter((segment) => segment.drift).map((segment) => segment.value);
  return {
    method: describeMethod(options.method ?? "auto"),
    column,
    drift: drifted.length > 0,
    share: judged.length === 0 ? 0 : drifted.length / judged.length,
    driftedCount: drifted.length,
    testedCount: judged.length,
    drifted,
    driftShare,
    minRows,
    referenceRows: (reference as Profile).rows,
    ...(decided ? { correction: decided } : {}),
    fromProfiles: true,
    segments,
  };
}

/** The one segment column the entries share, each value once. */
function segmentColumn(entries: SegmentWindow[]): string {
  const seen = new Map<string, number>();
  let column: string | undefined;
  entries.forEach((entry, i) => {
    const segment = entry.segment;
    if (typeof segment !== "object" || segment === null || typeof segment.column !== "string")
      throw new Error(
        `tabularDrift: current[${i}] is a profile without a segment; for drift per segment pass profiles(model, {segment: "<column>"}), for one window pass its profile`,
      );
    if (column !== undefined && segment.column !== column)
      throw new Error(
        `tabularDrift: current mixes segment columns ${JSON.stringify(column)} and ${JSON.stringify(segment.column)}; compare one column's segments at a time`,
      );
    column = segment.column;
    seen.set(segment.value, (seen.get(segment.value) ?? 0) + 1);
  });
  for (const [value, count] of seen) {
    if (count > 1)
      throw new Error(
        `tabularDrift: ${column}=${value} comes in ${count} intervals; drift per segment compares one window per value: read profiles(model, {since, segment: ${JSON.stringify(column)}}) without every, or call tabularDrift on each interval's entries`,
      );
  }
  return column ?? "";
}
