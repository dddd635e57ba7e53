/**
 * A separate process that evaluates one alert rule as a server does after each run, on its own
 * connection: for each line `<x> <now>` on stdin it evaluates rule `drift` (`when: x > 1`,
 * notifying channel `oncall`) of workbook `race.md` with that value at that time, queueing the
 * notifications in the outbox, and prints `done <transitions>`. Two of them fed the same lines
 * at once are two servers evaluating the same rule on the same data. Run as
 * `node --import tsx alertEvaluator.ts LOCATION`.
 */
import { createInterface } from "node:readline";
import { evaluateAlerts } from "../../server/alerts/evaluate.ts";
import { Outbox } from "../../server/alerts/outbox.ts";
import { AlertStore } from "../../server/alerts/state.ts";
import { openDatabase } from "../../server/store/db.ts";
import { ruleOf } from "../alerts/ruleOf.ts";

export const RACE_WORKBOOK = "race.md";
export const RACE_RULE = ruleOf(RACE_WORKBOOK, "drift", "when: x > 1\nnotify: [oncall]");
const EXPIRE_MS = 3_600_000;

/** One production evaluation of the rule on `x` at `now`, on `db`'s stores; returns its transitions. */
export function evaluateRace(store: AlertStore, outbox: Outbox, x: number, now: number) {
  return evaluateAlerts({
    workbook: RACE_WORKBOOK,
    rules: [RACE_RULE],
    outputs: { drift: { kind: "alert", name: "drift", instances: [{ condition: x > 1, value: x }] } },
    trigger: "data",
    now,
    store,
    notifications: { enqueue: (entries) => outbox.enqueue(entries, now, EXPIRE_MS).outcomes },
  }).transitions;
}

if (process.argv[1] === import.meta.filename) {
  const db = openDatabase(process.argv[2]!);
  const store = new AlertStore(db);
  const outbox = new Outbox(db);
  process.stdout.write("ready\n");
  for await (const line of createInterface({ input: process.stdin })) {
    const [x, now] = line.split(" ").map(Number);
    process.stdout.write(`done ${evaluateRace(store, outbox, x!, now!).length}\n`);
  }
  db.close();
}
