import { afterEach, describe, expect, it } from "vitest";
import { RuntimeHost, type CellState } from "../../server/runtime/host.ts";
import type { MetricPoint } from "../../server/runtime/messages.ts";
import { PredictionStore } from "../../server/store/store.ts";
import { analysed } from "../helpers/workbooks.ts";
import { ENGINES, engineDatabases, type EngineDatabases } from "../helpers/engines.ts";

const BASE = Date.UTC(2026, 10, 1);
const H = 3_600_000;

const hosts: RuntimeHost[] = [];
afterEach(async () => {
  await Promise.all(hosts.splice(0).map((host) => host.close()));
});

/** A database with one prediction an hour for 10 hours, each logged as it happened. */
async function hourlyDatabase(databases: EngineDatabases): Promise<string> {
  const location = await databases.location();
  let clock = BASE;
  const store = new PredictionStore(location, { now: () => clock });
  for (let hour = 0; hour < 10; hour++) {
    clock = BASE + hour * H;
    store.log("credit", [{ row: 1, id: `p${hour}`, ts: clock, features: { income: hour }, prediction: 1 }]);
  }
  store.close();
  return location;
}

const WORKBOOK = analysed(
  "```sql recent\nselect count(*) as n from credit where ts >= ${since('3h')}\n```",
  "const all = (await sql`select count(*) as n from credit`).get('n', 0);",
  "metric('rows', all)",
  "now",
  "const fixed = Math.random();",
  "fixed",
);

function asOfHost(dbPath: string, asOf?: number) {
  const host = new RuntimeHost({ dbPath, asOf, workbookId: "w.md" });
  hosts.push(host);
  const runs = new Map<number, number>();
  host.subscribe((state: CellState) => {
    if (state.status === "running") runs.set(state.index, (runs.get(state.index) ?? 0) + 1);
  });
  const points: MetricPoint[] = [];
  host.onMetric((point) => points.push(point));
  const values = () =>
    host.snapshot().map((cell) => {
      const [output] = cell.outputs;
      return output?.kind === "json" ? output.value : output?.kind === "table" ? output.rows : output?.kind;
    });
  return { host, runs: () => Object.fromEntries(runs), points, values };
}

describe.each(ENGINES)("RuntimeHost as of a past moment, on %s", (engine) => {
  const databases = engineDatabases(engine);

  it("reads the data, since() and now as of T, and setAsOf re-runs only the cells that read data or time", async () => {
    const { host, runs, points, values } = asOfHost(await hourlyDatabase(databases), BASE + 5 * H);
    host.load(WORKBOOK);
    await host.whenIdle();
    const [, , , now, , fixed] = values();
    expect(now).toBe(BASE + 5 * H);
    expect(values()[0]).toEqual([[4]]); // hours 2..5: since('3h') counts back from T
    expect(points).toEqual([{ name: "rows", value: 6, labels: {}, at: BASE + 5 * H }]);

    host.setAsOf(BASE + 8 * H);
    await host.whenIdle();
    expect(values()[0]).toEqual([[4]]); // hours 5..8
    expect(values()[3]).toBe(BASE + 8 * H);
    expect(values()[5]).toBe(fixed);
    expect(points.at(-1)).toEqual({ name: "rows", value: 9, labels: {}, at: BASE + 8 * H });
    // The metric cell re-runs only because the count it shows changed; the random cell keeps its value.
    expect(runs()).toEqual({ 0: 2, 1: 2, 2: 2, 3: 2, 4: 1, 5: 1 });
  });

  it("starts reading the data as it is now, and moves to T on setAsOf", async () => {
    const { host, values } = asOfHost(await hourlyDatabase(databases));
    host.load(WORKBOOK);
    await host.whenIdle();
    host.setAsOf(BASE + 2 * H);
    await host.whenIdle();
    expect(values()[3]).toBe(BASE + 2 * H);
    expect(values()[0]).toEqual([[3]]);
  });

  it("gives cells the profiles of the buckets that ended by T", async () => {
    const { host, values } = asOfHost(await hourlyDatabase(databases), BASE + 2.5 * H);
    host.load(analysed('profile("credit").rows', 'profile("credit", {since: "1h"}).rows'));
    await host.whenIdle();
    expect(values()).toEqual([2, 1]); // the buckets of hours 0 and 1; of hour 1 (hour 2 is still filling at T)
    host.setAsOf(BASE + 9 * H);
    await host.whenIdle();
    expect(values()).toEqual([9, 1]);
  });

  it("starts a process that replaces a stopped one at the same moment", async () => {
    const host = new RuntimeHost({ dbPath: await hourlyDatabase(databases), cellTimeoutMs: 500 });
    hosts.push(host);
    host.load(analysed("now", "const spin = params.spin;", "if (spin) while (true) {}"), { spin: false });
    await host.whenIdle();
    host.setAsOf(BASE + 3 * H);
    await host.whenIdle();
    host.setParams({ spin: true });
    await host.whenIdle();
    expect(host.snapshot().map((cell) => cell.status)).toEqual(["fulfilled", "fulfilled", "timeout"]);
    expect(host.snapshot()[0].outputs).toEqual([{ kind: "json", value: BASE + 3 * H }]);
  });

  it("refuses a moment that is not epoch milliseconds", () => {
    const { host } = asOfHost("unused.db");
    expect(() => host.setAsOf(Number.NaN)).toThrow("as of: NaN is not a time in epoch milliseconds");
  });
});
