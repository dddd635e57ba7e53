import { readFileSync } from "node:fs";

/**
 * Reads test/fixtures/scipy/<name>.json as written by the categorical, distance, correct and
 * metrics generators: the tokens "__NaN__", "__Inf__" and "__-Inf__" become NaN and ±Infinity.
 */
export function readFixture<T>(name: string): T {
  const text = readFileSync(new URL(`../fixtures/scipy/${name}.json`, import.meta.url), "utf8");
  return JSON.parse(text, (_key, value) =>
    value === "__NaN__" ? NaN : value === "__Inf__" ? Infinity : value === "__-Inf__" ? -Infinity : value,
  ) as T;
}

/** u_i = ((i · 2654435761) mod 2^32) / 2^32 for i in [start, start + count): the generators' large samples, exact in float64. */
export function weyl(start: number, count: number): Float64Array {
  const out = new Float64Array(count);
  for (let k = 0; k < count; k++) out[k] = (((start + k) * 2654435761) % 4294967296) / 4294967296;
  return out;
}

/** A sample as the generators store it: a plain array, {runs: [[value, count], …]} or {weyl: …} (read by `fromWeyl`). */
export type Stored<W> = unknown[] | { runs: [unknown, number][] } | { weyl: W; append?: number[] };

/** Expands a stored sample; `fromWeyl` rebuilds the generator-specific {weyl} form. */
export function expand<W>(stored: Stored<W>, fromWeyl: (spec: W) => ArrayLike<unknown>): ArrayLike<unknown> {
  if (Array.isArray(stored)) return stored;
  if ("runs" in stored) return stored.runs.flatMap(([value, count]) => Array<unknown>(count).fill(value));
  const base = fromWeyl(stored.weyl);
  if (!stored.append?.length) return base;
  return [...Array.from(base), ...stored.append];
}
