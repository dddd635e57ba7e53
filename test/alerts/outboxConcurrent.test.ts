/**
 * Two servers' delivery loops on one database claim due notifications at the same moment: each
 * entry is claimed by one of them, never both (the claim is atomic), so each is sent once.
 */
import { describe, expect, it } from "vitest";
import { Outbox } from "../../server/alerts/outbox.ts";
import { openDatabase } from "../../server/store/db.ts";
import { startAlertProcess } from "../helpers/alertEvaluator.ts";
import { ENGINES, engineDatabases } from "../helpers/engines.ts";

const T = Date.UTC(2024, 4, 1, 12, 0, 0);
const ENTRIES = 100;
const ROUNDS = 10;
const EXPIRE_MS = 1_800_000;

describe.each(ENGINES)("two servers claiming from one outbox at once on %s", (engine) => {
  const databases = engineDatabases(engine);

  it("claim each due entry once between them", async () => {
    const location = await databases.location();
    const db = openDatabase(location);
    const outbox = new Outbox(db);
    const servers = [startAlertProcess(location), startAlertProcess(location)];
    try {
      for (const server of servers) expect(await server.next()).toBe("ready");
      const claimed: number[] = [];
      for (let round = 0; round < ROUNDS; round++) {
        // Past the last round's entries' expiry: only this round's are due.
        const now = T + round * 3_600_000;
        const { ids } = outbox.enqueue(
          Array.from({ length: ENTRIES }, (_, n) => ({
            historyId: round * ENTRIES + n,
            ruleId: "race.md#drift",
            rule: "drift",
            workbook: "race.md",
            instance: `${round}-${n}`, // each its own instance, so none waits behind another
            channel: "oncall",
            alert: {
              status: "firing",
              labels: {},
              annotations: {},
              startsAt: now,
              endsAt: null,
              fingerprint: `${n}`,
              value: 1,
            },
          })),
          now,
          EXPIRE_MS,
        );
        for (const server of servers) server.send(`claim ${now}`);
        const answers = await Promise.all(servers.map((server) => server.next()));
        const roundClaimed = answers.flatMap((answer) =>
          answer
            .replace(/^claimed ?/, "")
            .split(",")
            .filter(Boolean)
            .map(Number),
        );
        expect(roundClaimed.sort((a, b) => a - b)).toEqual(ids);
        claimed.push(...roundClaimed);
      }
      expect(new Set(claimed).size).toBe(ENTRIES * ROUNDS);
    } finally {
      await Promise.all(servers.map((server) => server.stop()));
      db.close();
    }
  });
});
