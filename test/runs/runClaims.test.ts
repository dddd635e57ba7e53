import { afterEach, describe, expect, it } from "vitest";
import { RunClaims } from "../../server/runs/runClaims.ts";
import { openDatabase, type Db } from "../../server/store/db.ts";
import { engineDatabases, ENGINES } from "../helpers/engines.ts";

const opened: Db[] = [];
afterEach(() => {
  for (const db of opened.splice(0)) db.close();
});

describe.each(ENGINES)("run claims on %s", (engine) => {
  const databases = engineDatabases(engine);

  /** Two servers' connections to one new database. */
  async function twoServers(): Promise<[RunClaims, RunClaims, Db]> {
    const location = await databases.location();
    const [a, b] = [openDatabase(location), openDatabase(location)];
    opened.push(a, b);
    return [new RunClaims(a, "server-a"), new RunClaims(b, "server-b"), a];
  }

  it("gives each run of a workbook (trigger and slot) to the first server that claims it, and only to it", async () => {
    const [a, b, db] = await twoServers();
    const tick = Date.parse("2026-03-02T12:00:00Z");
    expect(a.claim("w.md", "schedule", tick)).toBe(true);
    expect(b.claim("w.md", "schedule", tick)).toBe(false);
    expect(a.claim("w.md", "schedule", tick)).toBe(false);
    expect(b.claim("w.md", "schedule", tick + 1000)).toBe(true); // the next tick
    expect(b.claim("other.md", "schedule", tick)).toBe(true); // another workbook's tick
    expect(b.claim("w.md", "data", tick)).toBe(true); // a data run of the same moment is another run
    expect(a.claim("w.md", "data", tick)).toBe(false);
    const rows = db
      .prepare(
        "select workbook, trigger, slot_at, server from driftbook_run_claims order by slot_at, workbook, trigger",
      )
      .all();
    expect(rows).toEqual([
      { workbook: "other.md", trigger: "schedule", slot_at: tick, server: "server-b" },
      { workbook: "w.md", trigger: "data", slot_at: tick, server: "server-b" },
      { workbook: "w.md", trigger: "schedule", slot_at: tick, server: "server-a" },
      { workbook: "w.md", trigger: "schedule", slot_at: tick + 1000, server: "server-b" },
    ]);
  });

  it("forgets claims a day older than the tick being claimed", async () => {
    const [a, , db] = await twoServers();
    const old = Date.parse("2026-03-01T11:00:00Z");
    a.claim("w.md", "schedule", old);
    a.claim("w.md", "schedule", old + 86_400_000 + 3_600_000);
    expect(db.prepare("select slot_at from driftbook_run_claims").pluck().all()).toEqual([
      old + 86_400_000 + 3_600_000,
    ]);
  });
});
