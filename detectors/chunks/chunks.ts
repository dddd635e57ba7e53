/**
 * Chunking as NannyML 0.13 does it (N:chunk.py; detectors.md §5.1): rows cut into consecutive
 * chunks by size, by count or by calendar period over the timestamp, so that a per-chunk
 * estimate (CBPE, DLE, a per-chunk test) is one call over a whole table and one point of a plot.
 *
 * NannyML's rules, kept: rows are put in timestamp order first when there is one (a stable sort
 * here; pandas' default sort is not stable); `{size}` makes chunks of `size` consecutive rows and,
 * by default (`incomplete: "keep"`), keeps the short last chunk — "append" merges it into the one
 * before, "drop" drops it; `{count}` uses size ⌊n / count⌋ and then cuts by size, so with "keep"
 * it makes count + 1 chunks when count does not divide n; `{period}` makes one chunk per period
 * holding rows (empty periods make no chunk). A size chunk spans its first and last timestamp; a
 * period chunk spans its period (NannyML's `Period.start_time`, `end_time`: the period's last ms).
 * NannyML only warns below six chunks; so does nothing here, the chunks are what was asked for.
 */

import { readColumns, type TableInput } from "../inputs/columns.ts";
import { parsePeriod } from "./period.ts";

/** How to cut rows into chunks; `incomplete` applies to `size` and `count` (default "keep", as NannyML). */
export type ChunkOptions =
  { size: number; incomplete?: Incomplete } | { count: number; incomplete?: Incomplete } | { period: string };

/** What to do with the rows left over after the last full chunk (NannyML's `incomplete`). */
export type Incomplete = "keep" | "append" | "drop";

/** One chunk: the indices of its rows in the input, in timestamp order, and the time it spans (epoch ms). */
export interface Chunk {
  /** 0, 1, … in time order. */
  index: number;
  /** First timestamp (size, count) or period start; null without timestamps. */
  start: number | null;
  /** Last timestamp (size, count) or the period's last millisecond; null without timestamps. */
  end: number | null;
  /** Row indices into the input. */
  rows: number[];
}

/**
 * Cuts `n` rows into chunks.
 * @param ts each row's time (epoch ms, a Date or an ISO string), or null for rows in input order
 *   (then `{period}` is refused)
 * @param n the number of rows (ts.length when ts is given)
 * @param what names the caller in errors, e.g. "cbpe: analysis"
 * @throws naming the option or the row at fault
 */
export function chunkRows(
  ts: ArrayLike<unknown> | null,
  n: number,
  options: ChunkOptions,
  what = "chunkRows",
): Chunk[] {
  if (ts !== null && ts.length !== n) throw new Error(`${what}: ${ts.length} timestamps for ${n} rows`);
  const times = ts === null ? null : epochMs(ts, what);
  const order = times === null ? identity(n) : timeOrder(times);
  const span = (rows: number[]) =>
    times === null ? { start: null, end: null } : { start: times[rows[0]], end: times[rows[rows.length - 1]] };
  if (options === null || typeof options !== "object")
    throw new Error(`${what}: chunks must be {size}, {count} or {period}`);

  if ("period" in options) {
    if (times === null) throw new Error(`${what}: chunks {period: ${JSON.stringify(options.period)}} need a ts column`);
    const unit = parsePeriod(options.period, what);
    const chunks: Chunk[] = [];
    let current = NaN;
    for (const row of order) {
      const period = unit.indexOf(times[row]);
      if (period !== current) {
        current = period;
        chunks.push({ index: chunks.length, start: unit.startOf(period), end: unit.startOf(period + 1) - 1, rows: [] });
      }
      chunks[chunks.length - 1].rows.push(row);
    }
    return chunks;
  }

  let size: number;
  if ("size" in options) {
    size = checkPositiveInteger(options.size, "size", what);
  } else if ("count" in options) {
    const count = checkPositiveInteger(options.count, "count", what);
    size = Math.floor(n / count);
    if (n > 0 && size === 0) throw new Error(`${what}: chunks {count: ${count}} is more chunks than the ${n} rows`);
  } else {
    throw new Error(`${what}: chunks must be {size}, {count} or {period}, got keys ${Object.keys(options).join(", ")}`);
  }
  const incomplete = options.incomplete ?? "keep";
  if (incomplete !== "keep" && incomplete !== "append" && incomplete !== "drop")
    throw new Error(`${what}: incomplete must be "keep", "append" or "drop", got ${JSON.stringify(incomplete)}`);

  const chunks: Chunk[] = [];
  const full = Math.floor(n / Math.max(size, 1));
  for (let k = 0; k < full; k++) {
    const rows = order.slice(k * size, (k + 1) * size);
    chunks.push({ index: k, ...span(rows), rows });
  }
  const left = order.slice(full * size);
  if (left.length > 0 && incomplete !== "drop") {
    if (incomplete === "keep" || chunks.length === 0) chunks.push({ index: chunks.length, ...span(left), rows: left });
    else {
      const last = chunks[chunks.length - 1];
      last.rows = last.rows.concat(left);
      Object.assign(last, span(last.rows));
    }
  }
  return chunks;
}

/**
 * Chunks of a table (an Arquero table or an array of row objects), over its `ts` column when it has
 * one (required for `{period}`).
 */
export function tableChunks(table: TableInput, options: ChunkOptions, what: string): Chunk[] {
  const columns = readColumns(table, what);
  const ts = columns.names.includes("ts") ? columns.column("ts") : null;
  return chunkRows(ts, columns.numRows, options, what);
}

/** Times as epoch ms: numbers as they are, Dates and ISO strings converted; anything else names its row. */
export function epochMs(ts: ArrayLike<unknown>, what: string): Float64Array {
  const out = new Float64Array(ts.length);
  for (let i = 0; i < ts.length; i++) {
    const value = ts[i];
    const ms =
      typeof value === "number"
        ? value
        : value instanceof Date
          ? value.getTime()
          : typeof value === "string"
            ? Date.parse(value)
            : NaN;
    if (!Number.isFinite(ms))
      throw new Error(
        `${what}: ts of row ${i} is ${JSON.stringify(value) ?? String(value)}, not a time (epoch ms, Date or ISO text)`,
      );
    out[i] = ms;
  }
  return out;
}

function checkPositiveInteger(value: number, name: string, what: string): number {
  if (!Number.isSafeInteger(value) || value < 1)
    throw new Error(`${what}: chunks {${name}} must be an integer ≥ 1, got ${JSON.stringify(value)}`);
  return value;
}

function identity(n: number): number[] {
  return Array.from({ length: n }, (_, i) => i);
}

/** Row indices in time order, ties in input order; no sort when the rows already are in order. */
function timeOrder(times: Float64Array): number[] {
  const order = identity(times.length);
  for (let i = 1; i < times.length; i++)
    if (times[i] < times[i - 1]) return order.sort((a, b) => times[a] - times[b] || a - b);
  return order;
}
