import { afterEach, describe, expect, it } from "vitest";
import { TickClaims } from "../../server/runs/tickClaims.ts";
import { openDatabase, type Db } from "../../server/store/db.ts";
import { engineDatabases, ENGINES } from "../helpers/engines.ts";

const opened: Db[] = [];
afterEach(() => {
  for (const db of opened.splice(0)) db.close();
});

describe.each(ENGINES)("schedule tick claims on %s", (engine) => {
  const databases = engineDatabases(engine);

  /** Two servers' connections to one new database. */
  async function twoServers(): Promise<[TickClaims, TickClaims, Db]> {
    const location = await databases.location();
    const [a, b] = [openDatabase(location), openDatabase(location)];
    opened.push(a, b);
    return [new TickClaims(a, "server-a"), new TickClaims(b, "server-b"), a];
  }

  it("gives each tick of a workbook to the first server that claims it, and only to it", async () => {
    const [a, b, db] = await twoServers();
    const tick = Date.parse("2026-03-02T12:00:00Z");
    expect(a.claim("w.md", tick)).toBe(true);
    expect(b.claim("w.md", tick)).toBe(false);
    expect(a.claim("w.md", tick)).toBe(false);
    expect(b.claim("w.md", tick + 1000)).toBe(true); // the next tick
    expect(b.claim("other.md", tick)).toBe(true); // another workbook's tick
    const rows = db
      .prepare("select workbook, tick_at, server from driftbook_schedule_ticks order by tick_at, workbook")
      .all();
    expect(rows).toEqual([
      { workbook: "other.md", tick_at: tick, server: "server-b" },
      { workbook: "w.md", tick_at: tick, server: "server-a" },
      { workbook: "w.md", tick_at: tick + 1000, server: "server-b" },
    ]);
  });

  it("forgets claims a day older than the tick being claimed", async () => {
    const [a, , db] = await twoServers();
    const old = Date.parse("2026-03-01T11:00:00Z");
    a.claim("w.md", old);
    a.claim("w.md", old + 86_400_000 + 3_600_000);
    expect(db.prepare("select tick_at from driftbook_schedule_ticks").pluck().all()).toEqual([
      old + 86_400_000 + 3_600_000,
    ]);
  });
});
