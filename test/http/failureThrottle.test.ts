import { describe, expect, it } from "vitest";
import { FailureThrottle } from "../../server/http/failureThrottle.ts";
import { openDatabase } from "../../server/store/db.ts";
import { ENGINES, openedDatabase } from "../helpers/engines.ts";

describe.each(ENGINES)("FailureThrottle on %s", (engine) => {
  const database = openedDatabase(engine, "each");

  it("refuses an address after ten failures in five minutes, until the oldest ages out; other addresses are untouched", () => {
    let now = 1_000_000;
    const throttle = new FailureThrottle(database.db, () => now);
    for (let i = 0; i < 10; i++) {
      expect(throttle.fail("10.0.0.1")).toBe(0);
      now += 1000;
    }
    expect(throttle.fail("10.0.0.1")).toBe(290); // the first failure leaves the window 290 s from now
    expect(throttle.fail("10.0.0.2")).toBe(0);
    now += 289_000;
    expect(throttle.fail("10.0.0.1")).toBe(1);
    now += 1000; // the first failure has left the window: one more try
    expect(throttle.fail("10.0.0.1")).toBe(0);
    expect(throttle.fail("10.0.0.1")).toBe(1); // full again: the second failure leaves in 1 s
  });

  it("counts the failures of every server on the database together, and forgets those past the window", () => {
    let now = 1_000_000;
    const other = openDatabase(database.location); // a second server's connection
    try {
      const servers = [new FailureThrottle(database.db, () => now), new FailureThrottle(other, () => now)];
      for (let i = 0; i < 10; i++) expect(servers[i % 2]!.fail("10.0.0.1")).toBe(0);
      expect(servers[0]!.fail("10.0.0.1")).toBe(300);
      expect(servers[1]!.fail("10.0.0.1")).toBe(300);
      now += 300_000;
      expect(servers[1]!.fail("10.0.0.3")).toBe(0);
      expect(database.db.prepare("select address from driftbook_login_failures").pluck().all()).toEqual(["10.0.0.3"]);
    } finally {
      other.close();
    }
  });
});
