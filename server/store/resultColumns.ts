/**
 * A query's rows turned into columns as they stream out of SQLite: a column whose every value is
 * a number (REAL, or INTEGER as better-sqlite3 converts it) becomes one Float64Array, so a
 * million-row column is 8 MB of doubles instead of a million array slots holding boxed numbers,
 * and the row arrays die young; any other column (text, blobs, nulls) is a plain array, as before.
 *
 * Why nulls demote a numeric column to a plain array: a Float64Array has no null, and NaN is not
 * null to Arquero (`d.x === null`, `op.is_nan`, `impute`, `objects()`) nor to cell code, so cells
 * would see other results. (The detectors count null and NaN alike as missing.) A column keeps its
 * numbers in doubles until the last row, so the demotion is one pass at the end.
 *
 * A column read from a vector column of a table (declared `BLOB(d)`, server/store/columns.ts)
 * gives one Float32Array per row (null where the row has none), which mmd, lsdd, classifierDrift,
 * spotTheDiff and project take as they are.
 */
import { blobVector } from "./columns.ts";

/** What a column holds when the rows are done: the doubles, or the values as they came. */
export type ResultColumn = Float64Array | unknown[];

/**
 * Doubles grow in place inside a resizable ArrayBuffer (ES2024; V8 reserves the address space up
 * front and commits pages as it grows), so a column is never copied to grow nor to be handed out.
 * A result past FIRST_RESERVE_ROWS moves once into a larger reservation.
 */
const FIRST_ROWS = 1024;
const FIRST_RESERVE_ROWS = 1 << 24;

/**
 * Reads `rows` (arrays of `width` values, as better-sqlite3's raw() returns them) into one column
 * per position; the positions in `vectors` hold vector BLOBs. An empty result gives empty plain
 * arrays, as before.
 */
export function collectColumns(
  rows: Iterable<unknown[]>,
  width: number,
  vectors: ReadonlySet<number> = new Set(),
): ResultColumn[] {
  const columns = Array.from({ length: width }, () => new ColumnBuilder());
  let count = 0;
  for (const row of rows) {
    for (let i = 0; i < width; i++) {
      const value = row[i];
      columns[i].add(vectors.has(i) && value instanceof Uint8Array ? blobVector(value) : value, count);
    }
    count++;
  }
  return columns.map((column) => column.finish(count));
}

/** One column as it fills: doubles while every value is a number or null, then plain values. */
class ColumnBuilder {
  private buffer = new ArrayBuffer(0, { maxByteLength: FIRST_RESERVE_ROWS * 8 });
  /** Tracks the buffer's length as it grows. */
  private doubles = new Float64Array(this.buffer);
  /** Rows that were null while the column is numeric. */
  private nullRows: number[] = [];
  /** The values as they came, once one was neither a number nor null. */
  private plain: unknown[] | undefined;

  add(value: unknown, row: number): void {
    if (typeof value === "number" && this.plain === undefined) {
      if (row === this.doubles.length) this.grow();
      this.doubles[row] = value;
    } else if (this.plain !== undefined) this.plain.push(value);
    else if (value === null) {
      if (row === this.doubles.length) this.grow();
      this.nullRows.push(row);
    } else {
      this.plain = this.plainValues(row);
      this.plain.push(value);
      this.buffer.resize(0);
    }
  }

  /** The column of `count` rows: its doubles trimmed in place, or plain values. */
  finish(count: number): ResultColumn {
    if (this.plain !== undefined) return this.plain;
    if (count === 0 || this.nullRows.length > 0) return this.plainValues(count);
    this.buffer.resize(count * 8);
    return this.doubles;
  }

  private grow(): void {
    const byteLength = Math.max(FIRST_ROWS, this.doubles.length * 2) * 8;
    if (byteLength <= this.buffer.maxByteLength) return this.buffer.resize(byteLength);
    const larger = new ArrayBuffer(byteLength, { maxByteLength: byteLength * 4 });
    new Float64Array(larger).set(this.doubles);
    this.buffer = larger;
    this.doubles = new Float64Array(larger);
  }

  /** The first `count` values as a plain array, null where they were null. */
  private plainValues(count: number): unknown[] {
    const values: unknown[] = Array.from(this.doubles.subarray(0, count));
    for (const row of this.nullRows) values[row] = null;
    return values;
  }
}
