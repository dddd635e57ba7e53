/**
 * Two servers on one database evaluate the same rule on the same data at the same moment (each
 * re-runs its open workbook on a new batch): every transition is stored once and notified once,
 * whichever of them gets there first. Two real processes, each on its own connection, are fed
 * each round's value at once; the history and the outbox must equal those of one process
 * evaluating each round twice in a row, as if the two had taken turns (both evaluate the same
 * value at the same time, so either order gives the same result).
 */
import { describe, expect, it } from "vitest";
import { Outbox } from "../../server/alerts/outbox.ts";
import { AlertStore } from "../../server/alerts/state.ts";
import { openDatabase, type Db } from "../../server/store/db.ts";
import { evaluateRace, startAlertProcess } from "../helpers/alertEvaluator.ts";
import { ENGINES, engineDatabases } from "../helpers/engines.ts";

const T = Date.UTC(2024, 4, 1, 12, 0, 0);
/** x alternates above and below the threshold, so every round is a transition to race for. */
const ROUNDS = Array.from({ length: 30 }, (_, round) => ({ x: round % 2 === 0 ? 2 : 0, now: T + round * 60_000 }));

/** What the rounds stored: each transition with its notification, and each outbox entry. */
function stored(db: Db) {
  const outbox = db
    .prepare("select channel, state, created_at, alert from driftbook_outbox order by id")
    .raw()
    .all() as [string, string, number, string][];
  return {
    history: db
      .prepare("select from_state, to_state, at, notification from driftbook_alert_history order by id")
      .raw()
      .all(),
    outbox: outbox.map(([channel, state, createdAt, alert]) => [channel, state, createdAt, JSON.parse(alert).status]),
  };
}

describe.each(ENGINES)("two processes evaluating one rule at once on %s", (engine) => {
  const databases = engineDatabases(engine);

  it("store each transition and queue each notification once, as one process alone would", async () => {
    const alone = openDatabase(await databases.location());
    const store = new AlertStore(alone);
    const outbox = new Outbox(alone);
    const expectedCounts = ROUNDS.map(
      ({ x, now }) => evaluateRace(store, outbox, x, now).length + evaluateRace(store, outbox, x, now).length,
    );
    const expected = stored(alone);
    alone.close();
    expect(expected.outbox).toHaveLength(ROUNDS.length); // every round notifies: firing, resolved, firing…

    const location = await databases.location();
    openDatabase(location).close(); // migrated before the two start
    const evaluators = [startAlertProcess(location), startAlertProcess(location)];
    try {
      for (const evaluator of evaluators) expect(await evaluator.next()).toBe("ready");
      const counts: number[] = [];
      for (const { x, now } of ROUNDS) {
        for (const evaluator of evaluators) evaluator.send(`evaluate ${x} ${now}`);
        const done = await Promise.all(evaluators.map((evaluator) => evaluator.next()));
        counts.push(done.reduce((sum, line) => sum + Number(line.replace("done ", "")), 0));
      }
      expect(counts).toEqual(expectedCounts);
    } finally {
      await Promise.all(evaluators.map((evaluator) => evaluator.stop()));
    }
    const db = openDatabase(location);
    try {
      expect(stored(db)).toEqual(expected);
    } finally {
      db.close();
    }
  });
});
