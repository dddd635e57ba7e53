/**
 * The profile tests' oracle: what raw SQL over a model's rows says each stored profile should
 * hold (rows; count, missing, min and max per column; value counts), and sums, means and
 * variances computed exactly rounded (Shewchuk's msum, as Python's math.fsum) over the same values.
 */
import { expect } from "vitest";
import { CategoricalProfile, NumericProfile } from "../../detectors/index.ts";
import type { Db } from "../../server/store/db.ts";
import { engineOf, type Engine } from "../../server/store/connection.ts";
import { decodeRows } from "../../server/store/storedProfiles.ts";
import { SEGMENT_MISSING, SEGMENT_OTHER } from "../../server/store/profileDeltas.ts";
import { storedProfiles } from "./profiles.ts";

/** Exactly rounded sum (Shewchuk 1997, "Adaptive precision floating-point arithmetic"; Python's msum recipe). */
export function fsum(values: Iterable<number>): number {
  const partials: number[] = [];
  for (let x of values) {
    let i = 0;
    for (let y of partials) {
      if (Math.abs(x) < Math.abs(y)) [x, y] = [y, x];
      const hi = x + y;
      const lo = y - (hi - x);
      if (lo !== 0) partials[i++] = lo;
      x = hi;
    }
    partials.length = i;
    partials.push(x);
  }
  return partials.reduce((sum, partial) => sum + partial, 0);
}

/** SQL for the start of the period of `grain` that holds a row's ts. */
function periodSql(grain: string, bucketMs: number, engine: Engine): string {
  if (grain === "bucket") return `(ts - ts % ${bucketMs})`;
  if (grain === "day") return "(ts - ts % 86400000)";
  return engine === "postgres"
    ? "(extract(epoch from date_trunc('month', to_timestamp(ts / 1000.0) at time zone 'UTC')) * 1000)::bigint"
    : "(cast(strftime('%s', ts / 1000, 'unixepoch', 'start of month') as integer) * 1000)";
}

/**
 * Checks every stored profile of `model` (segment '' and, given, one segment column's values)
 * against raw SQL over its rows; returns how many profiles it checked.
 */
export function expectProfilesMatchSql(
  db: Db,
  model: string,
  { numeric, categorical, bucketMs = 3_600_000 }: { numeric: string[]; categorical: string[]; bucketMs?: number },
): number {
  let checked = 0;
  for (const row of storedProfiles(db, model)) {
    const segment = row.segment === "" ? "" : ` and ${segmentSql(row.segment, row.segment_value)}`;
    const where = `${periodSql(row.grain, bucketMs, engineOf(db))} = ?${segment}`;
    const args =
      row.segment === "" || [SEGMENT_MISSING, SEGMENT_OTHER].includes(row.segment_value)
        ? [row.start]
        : [row.start, row.segment_value];
    const at = `${model} ${row.grain} ${new Date(row.start).toISOString()} ${row.segment}=${row.segment_value} ${row.column_name}`;
    const column = row.column_name;
    if (column === "@rows") {
      expect(decodeRows(row.data), at).toBe(
        db
          .prepare(`select count(*) from ${model} where ${where}`)
          .pluck()
          .get(...args),
      );
    } else if (numeric.includes(column)) {
      const profile = NumericProfile.decode(row.data);
      const sql = db
        .prepare(
          `select count(${column}) as count, count(*) - count(${column}) as missing, min(${column}) as min, max(${column}) as max from ${model} where ${where}`,
        )
        .get(...args) as { count: number; missing: number; min: number | null; max: number | null };
      expect({ count: profile.count, missing: profile.missing }, at).toEqual({
        count: sql.count,
        missing: sql.missing,
      });
      if (sql.count > 0) expect({ min: profile.min, max: profile.max }, at).toEqual({ min: sql.min, max: sql.max });
      const values = db
        .prepare(`select ${column} from ${model} where ${where} and ${column} is not null`)
        .pluck()
        .all(...args) as number[];
      const scale = fsum(values.map(Math.abs));
      expect(Math.abs(profile.sum - fsum(values)), `${at} sum`).toBeLessThanOrEqual(1e-12 * scale);
      if (values.length > 1) {
        const mean = fsum(values) / values.length;
        const variance = fsum(values.map((value) => (value - mean) ** 2)) / (values.length - 1);
        expect(Math.abs(profile.variance - variance), `${at} variance`).toBeLessThanOrEqual(1e-12 * variance);
      }
    } else if (categorical.includes(column)) {
      const profile = CategoricalProfile.decode(row.data);
      const counts = db
        .prepare(
          `select ${column} as value, count(*) as n from ${model} where ${where} and ${column} is not null group by ${column}`,
        )
        .all(...args) as { value: string | number; n: number }[];
      const missing = db
        .prepare(`select count(*) from ${model} where ${where} and ${column} is null`)
        .pluck()
        .get(...args);
      const total = counts.reduce((sum, { n }) => sum + n, 0);
      expect({ count: profile.count, missing: profile.missing }, at).toEqual({ count: total, missing });
      if (counts.length < profile.cap) {
        const asStored = (value: string | number) =>
          typeof value === "number" ? (value === 1 ? "true" : "false") : value;
        expect(Object.fromEntries(profile.counts), at).toEqual(
          Object.fromEntries(counts.map(({ value, n }) => [asStored(value), n])),
        );
      } else {
        expect([...profile.counts.values()].reduce((sum, n) => sum + n, 0) + profile.other, at).toBe(total);
      }
    } else continue;
    checked++;
  }
  return checked;
}

/** The rows of one segment value: SEGMENT_MISSING is null; SEGMENT_OTHER is left to the caller's check of totals. */
function segmentSql(column: string, value: string): string {
  if (value === SEGMENT_MISSING) return `${column} is null`;
  if (value === SEGMENT_OTHER)
    return `${column} is not null and ${column} not in (select segment_value from driftbook_profiles where segment = '${column}' and grain = 'month' and segment_value not in ('${SEGMENT_MISSING}', '${SEGMENT_OTHER}'))`;
  return `${column} = ?`;
}
