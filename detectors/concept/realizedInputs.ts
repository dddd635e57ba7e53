/**
 * The inputs of the per-chunk realized test, as samples (realizedSamples.ts): the reference as rows
 * or a Profile; the current data as rows cut into chunks (chunks/chunks.ts), or as the intervals a
 * cell reads with `profiles(model, {every: "1d"})` — `[{start, end, profile}]`, each interval one
 * chunk, so a month of daily tests reads 30 stored profiles instead of the month's rows. An interval
 * chunk spans [start, end) as a `{period}` chunk does (its end is the interval's last millisecond),
 * and empty intervals make no chunk, so daily profiles give the chunks `{period: "1d"}` gives (UTC).
 */

import type { Chunk, ChunkOptions } from "../chunks/chunks.ts";
import { tableChunks } from "../chunks/chunks.ts";
import type { TableInput } from "../inputs/columns.ts";
import type { Label } from "../metrics/confusion.ts";
import { Profile } from "../profiles/profile.ts";
import { predictionColumns } from "./errorStream.ts";
import type { LabelledRows } from "./realizedMetrics.ts";
import { profileSample, rowSample, type RealizedSample } from "./realizedSamples.ts";

/** A stored profile over an interval, as `profiles()` gives it in cells. */
export interface ProfileInterval {
  start: Date | number;
  end: Date | number;
  profile: Profile;
}

/** A chunk of the current data with its sample; `rows` holds only its length for a profile's chunk. */
export interface ChunkSample {
  chunk: Omit<Chunk, "rows"> & { rows: { readonly length: number } };
  sample: RealizedSample;
}

/** The reference's sample: all its labelled rows, or its profile's labels. */
export function referenceSample(reference: TableInput | Profile, positive: Label, what: string): RealizedSample {
  if (reference instanceof Profile) return profileSample(reference.labels, positive, what);
  return rowSample(labelledRowsOf(reference, what)(null), positive, what);
}

/** The current data's chunks and their samples; profile intervals are the chunks, so `chunking` must be absent. */
export function currentSamples(
  current: TableInput | readonly ProfileInterval[],
  chunking: ChunkOptions | undefined,
  positive: Label,
  what: string,
): ChunkSample[] {
  if (isProfileIntervals(current)) {
    if (chunking !== undefined)
      throw new Error(`${what}: chunks come from the profile intervals; leave the chunks option out`);
    return intervalChunks(current, what).map(({ chunk, profile }) => ({
      chunk,
      sample: profileSample(profile.labels, positive, `${what}: interval ${chunk.index}`),
    }));
  }
  const table = current as TableInput;
  const rowsOf = labelledRowsOf(table, what);
  return tableChunks(table, chunking ?? { count: 10 }, what).map((chunk) => ({
    chunk,
    sample: rowSample(rowsOf(chunk.rows), positive, what),
  }));
}

/** A non-empty array whose every item has a Profile as `profile`. */
function isProfileIntervals(input: unknown): input is readonly ProfileInterval[] {
  return (
    Array.isArray(input) &&
    input.length > 0 &&
    input.every((item) => item !== null && typeof item === "object" && item.profile instanceof Profile)
  );
}

/** The non-empty intervals as chunks, in time order; overlapping intervals (one per segment value) are refused. */
function intervalChunks(intervals: readonly ProfileInterval[], what: string) {
  const out: { chunk: ChunkSample["chunk"]; profile: Profile }[] = [];
  let previousEnd = -Infinity;
  intervals.forEach(({ start, end, profile }, k) => {
    const [from, to] = [timeOf(start), timeOf(end)];
    if (!(from < to))
      throw new Error(`${what}: interval ${k} needs a start before its end, got ${String(start)} and ${String(end)}`);
    if (from < previousEnd)
      throw new Error(
        `${what}: interval ${k} starts before interval ${k - 1} ends; give one profile per interval, in time order (not one per segment value)`,
      );
    previousEnd = to;
    if (profile.rows === 0) return;
    out.push({ chunk: { index: out.length, start: from, end: to - 1, rows: { length: profile.rows } }, profile });
  });
  return out;
}

function timeOf(time: Date | number): number {
  return time instanceof Date ? time.getTime() : typeof time === "number" ? time : NaN;
}

/** Opens a table once; the function gives the rows (all, or among some) that have a label and a prediction. */
function labelledRowsOf(table: TableInput, what: string): (among: readonly number[] | null) => LabelledRows {
  const { columns, predictions, labels, isLabelled } = predictionColumns(table, what);
  const scores = columns.names.includes("score") ? columns.column("score") : null;
  return (among) => {
    const candidates = among ?? Array.from({ length: columns.numRows }, (_, i) => i);
    const rows = candidates.filter(isLabelled);
    return { predictions, labels, scores, rows };
  };
}
