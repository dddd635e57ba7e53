/**
 * A separate process that does what a server does with alerts, on its own connection, one
 * stdin line at a time: `evaluate <x> <now>` evaluates rule `drift` (`when: x > 1`, notifying
 * channel `oncall`) of workbook `race.md` with that value at that time, queueing the
 * notifications in the outbox, and prints `done <transitions>`; `claim <now>` claims the
 * outbox entries due then, as the delivery loop does, and prints `claimed <id,id,…>`. Two of
 * them fed the same lines at once are two servers on one database. Run as
 * `node --import tsx alertEvaluator.ts LOCATION`.
 */
import { spawn } from "node:child_process";
import { once } from "node:events";
import { createInterface } from "node:readline";
import { fileURLToPath } from "node:url";
import { evaluateAlerts } from "../../server/alerts/evaluate.ts";
import { Outbox } from "../../server/alerts/outbox.ts";
import { AlertStore } from "../../server/alerts/state.ts";
import { openDatabase } from "../../server/store/db.ts";
import { ruleOf } from "../alerts/ruleOf.ts";
import { ROOT } from "./cli.ts";

export const RACE_WORKBOOK = "race.md";
export const RACE_RULE = ruleOf(RACE_WORKBOOK, "drift", "when: x > 1\nnotify: [oncall]");
const EXPIRE_MS = 3_600_000;
const LEASE_MS = 60_000;

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

/** Starts this file as a process on the database at `location`: send it lines, read its answers. */
export function startAlertProcess(location: string) {
  const child = spawn(process.execPath, ["--import", "tsx", fileURLToPath(import.meta.url), location], {
    cwd: ROOT,
    stdio: ["pipe", "pipe", "inherit"],
  });
  const lines = createInterface({ input: child.stdout })[Symbol.asyncIterator]();
  return {
    async next(): Promise<string> {
      const { value, done } = await lines.next();
      if (done) throw new Error(`the alert process ended (exit code ${child.exitCode})`);
      return value;
    },
    send(line: string) {
      child.stdin.write(`${line}\n`);
    },
    async stop() {
      child.stdin.end();
      if (child.exitCode === null) await once(child, "close");
    },
  };
}

if (process.argv[1] === import.meta.filename) {
  const db = openDatabase(process.argv[2]!);
  const store = new AlertStore(db);
  const outbox = new Outbox(db);
  process.stdout.write("ready\n");
  for await (const line of createInterface({ input: process.stdin })) {
    const [command, ...args] = line.split(" ");
    const [first, second] = args.map(Number);
    if (command === "evaluate") process.stdout.write(`done ${evaluateRace(store, outbox, first!, second!).length}\n`);
    else if (command === "claim")
      process.stdout.write(`claimed ${outbox.claimDue(first!, LEASE_MS).claimed.map((entry) => entry.id)}\n`);
    else throw new Error(`unknown command ${JSON.stringify(line)}`);
  }
  db.close();
}
