import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sqlTag } from "../../server/runtime/stdlib/sql.ts";
import { ReadonlyDatabase } from "../../server/store/readonly.ts";
import { cellLocation } from "../../server/store/cellLocation.ts";
import { timeBucket } from "../../server/store/sqlVocabulary.ts";
import { ENGINES, engineDatabases } from "../helpers/engines.ts";
import { creditRow, seedCredit } from "../helpers/cellData.ts";

const ROWS = 500;
const DAY = 86_400_000;

/** What the buckets must be, computed apart from SQL: floor to the width, weeks from a Monday. */
function expectedCounts(widthMs: number): [number, number][] {
  const offset = widthMs % (7 * DAY) === 0 ? 4 * DAY : 0;
  const counts = new Map<number, number>();
  for (let i = 0; i < ROWS; i++) {
    const start = Math.floor((creditRow(i).ts - offset) / widthMs) * widthMs + offset;
    counts.set(start, (counts.get(start) ?? 0) + 1);
  }
  return [...counts].sort(([a], [b]) => a - b);
}

describe.each(ENGINES)("sql.bucket on %s", (engine) => {
  const databases = engineDatabases(engine);
  let db: ReadonlyDatabase;
  beforeAll(async () => {
    const location = await databases.location();
    seedCredit(location, ROWS);
    db = new ReadonlyDatabase(cellLocation(location));
  }, 60_000);
  afterAll(() => db.close());

  it.each([
    ["15m", 15 * 60_000],
    ["1h", 3_600_000],
    ["1d", DAY],
    ["1w", 7 * DAY],
  ])("groups epoch-ms ts into %s buckets exactly as floor arithmetic does", async (width, widthMs) => {
    const sql = sqlTag(db, new Set(), []);
    const table = await sql`select ${sql.bucket("c.ts", width)} as start, count(*) as n
      from credit c where c.ts >= ${0} group by start order by start`;
    expect(table.objects().map((row) => [(row as { start: number }).start, (row as { n: number }).n])).toEqual(
      expectedCounts(widthMs),
    );
  });

  it("puts a ts before 1970 in the bucket that starts before it, and weeks start on Mondays", async () => {
    const sql = sqlTag(db, new Set(), []);
    const wednesday = Date.UTC(2026, 11, 2, 15);
    const table = await sql`select ${sql.bucket("t", "1d")} as day, ${sql.bucket("w", "1w")} as week
      from (select ${-1} as t, ${wednesday} as w) v`;
    expect(table.objects()).toEqual([{ day: -DAY, week: Date.UTC(2026, 10, 30) }]);
  });
});

describe("timeBucket", () => {
  it("names what is wrong with its column or width", () => {
    expect(() => timeBucket("ts; drop table credit", DAY)).toThrow(
      'sql.bucket: column "ts; drop table credit" must be a column name like "ts" or "p.ts"',
    );
    expect(() => timeBucket("ts", 0.5)).toThrow("sql.bucket: the width must be a whole number of milliseconds");
  });
});
