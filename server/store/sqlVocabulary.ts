/**
 * The small portable vocabulary cells use where SQLite and PostgreSQL spell a thing
 * differently (`sql.bucket`, runtime/stdlib/sql.ts): each word is SQL text that both engines
 * run and answer alike, so a workbook that uses it runs unchanged on either.
 */
import { quoteIdentifier } from "./columns.ts";

const DAY_MS = 86_400_000;
const WEEK_MS = 7 * DAY_MS;
/** 1970-01-05, the first Monday after the epoch (a Thursday): weeks start on Mondays, as ISO 8601's do. */
const FIRST_MONDAY_MS = 4 * DAY_MS;
/** A column, optionally qualified by its table or alias: `ts`, `p.ts`. */
const COLUMN = /^[A-Za-z_][A-Za-z0-9_]*(?:\.[A-Za-z_][A-Za-z0-9_]*)?$/;

/**
 * The start (epoch ms) of the `widthMs`-wide bucket that holds `column`'s epoch-ms value: buckets
 * start at UTC multiples of the width since 1970-01-01, and a whole number of weeks since a
 * Monday. Integer arithmetic with the remainder made non-negative, since both engines' `%`
 * truncates towards zero (a ts before 1970 still falls in the bucket that starts before it).
 */
export function timeBucket(column: string, widthMs: number): string {
  if (typeof column !== "string" || !COLUMN.test(column))
    throw new Error(`sql.bucket: column ${JSON.stringify(column)} must be a column name like "ts" or "p.ts"`);
  if (!Number.isSafeInteger(widthMs) || widthMs < 1)
    throw new Error(`sql.bucket: the width must be a whole number of milliseconds, at least 1, got ${widthMs}`);
  const value = `cast(${column.split(".").map(quoteIdentifier).join(".")} as bigint)`;
  const offset = widthMs % WEEK_MS === 0 ? FIRST_MONDAY_MS : 0;
  const shifted = offset ? `(${value} - ${offset})` : value;
  return `(${value} - ((${shifted} % ${widthMs}) + ${widthMs}) % ${widthMs})`;
}
