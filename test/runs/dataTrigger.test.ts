/**
 * Production runs on new data (server/runs/dataTrigger.ts): the front matter's `on: data` and
 * `every`, the leading-edge throttle, and — with a real server, real sockets and real batches —
 * the same data giving the same run and alert history whether zero, one or five browsers watch.
 */
import { afterAll, describe, expect, it } from "vitest";
import type { RunPage, ServerMessage, StoredAlertTransition } from "../../server/protocol/index.ts";
import { join } from "node:path";
import { DataRuns, dataTriggerOf } from "../../server/runs/dataTrigger.ts";
import { RunClaims } from "../../server/runs/runClaims.ts";
import { openDatabase } from "../../server/store/db.ts";
import type { RunRecord } from "../../server/runs/store.ts";
import { parseWorkbook } from "../../server/workbook/index.ts";
import { startServerWith } from "../helpers/server.ts";
import { connectSocket } from "../helpers/socket.ts";
import { tempDir, workbookText } from "../helpers/workbooks.ts";

const CELLS = [
  "```sql counted\nselect count(*) as n from live\n```",
  'const n = counted.get("n", 0);',
  'metric("rows", n)',
  '```alert many\nwhen: n > 3\nfor: 2 runs\nmessage: "{{value}} rows"\n```',
];
const withFrontMatter = (frontMatter: string) => `---\n${frontMatter}\n---\n\n${workbookText(...CELLS)}`;

describe("dataTriggerOf", () => {
  const trigger = (frontMatter: string) => dataTriggerOf(parseWorkbook(withFrontMatter(frontMatter)), 60_000);

  it("reads `on: data` with `every` (default the server's), and the words of the cells", () => {
    expect(trigger("title: x")).toEqual({});
    const { trigger: every } = trigger("on: data\nevery: 5m");
    expect(every?.everyMs).toBe(300_000);
    expect(every?.words.has("live")).toBe(true);
    expect(trigger("on: data").trigger?.everyMs).toBe(60_000);
  });

  it("names the field of a bad trigger", () => {
    expect(trigger("on: push")).toEqual({ error: 'on: "push" is not a trigger; write `on: data` to run on new data' });
    expect(trigger("on: data\nevery: soon").error).toMatch(/^every: invalid duration "soon"/);
    expect(trigger("every: 1m")).toEqual({
      error: "every: sets how often `on: data` runs the workbook; add `on: data`",
    });
  });
});

/** Run claims on a database of their own (one server), or on `location` (one of several servers). */
async function claimsFor(server: string, location?: string): Promise<RunClaims> {
  let path = location;
  if (!path) {
    const { dir, cleanup } = await tempDir();
    cleanups.push(cleanup);
    path = join(dir, "driftbook.db");
  }
  const db = openDatabase(path);
  cleanups.push(async () => void db.close());
  return new RunClaims(db, server);
}
const cleanups: Array<() => Promise<void>> = [];
afterAll(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup();
});

describe("DataRuns", () => {
  it("runs at once on the first batch, coalesces the batches of the interval into one run, and waits for a run in progress", async () => {
    const starts: number[] = [];
    let finish: () => void = () => {};
    let running = false;
    let other: Promise<void> = Promise.resolve();
    const runs = new DataRuns({
      runner: {
        run: async () => {
          starts.push(Date.now());
          running = true;
          await new Promise<void>((resolve) => (finish = resolve));
          running = false;
          return {} as RunRecord;
        },
        isRunning: () => running,
        idle: () => other,
      },
      claims: await claimsFor("only"),
    });
    const { trigger } = dataTriggerOf(parseWorkbook(withFrontMatter("on: data\nevery: 150ms")));
    runs.set("w.md", trigger);
    runs.dataChanged("other_model");
    expect(starts).toHaveLength(0);
    runs.dataChanged("live");
    runs.dataChanged("live");
    expect(starts).toHaveLength(1);
    finish();
    runs.dataChanged("live_reference");
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(starts).toHaveLength(1); // within the interval
    await expect.poll(() => starts.length).toBe(2);
    expect(starts[1] - starts[0]).toBeGreaterThanOrEqual(145);
    finish();
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(starts).toHaveLength(2); // nothing new came

    // Another run of the workbook (run-now, the schedule) is going: the data run waits for it.
    let otherEnds: () => void = () => {};
    other = new Promise((resolve) => (otherEnds = resolve));
    running = true;
    runs.dataChanged("live");
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(starts).toHaveLength(2);
    running = false;
    otherEnds();
    await expect.poll(() => starts.length).toBe(3);
    finish();
    runs.stop();
  });
});

describe("DataRuns on several servers", () => {
  it("makes one run per batch whichever servers hear of it", async () => {
    const { dir, cleanup } = await tempDir();
    cleanups.push(cleanup);
    const location = join(dir, "shared.db");
    const starts: string[] = [];
    const { trigger } = dataTriggerOf(parseWorkbook(withFrontMatter("on: data\nevery: 300ms")));
    const servers = await Promise.all(
      ["a", "b", "c"].map(async (name) => {
        const runs = new DataRuns({
          runner: {
            run: async () => (starts.push(name), {} as RunRecord),
            isRunning: () => false,
            idle: async () => undefined,
          },
          claims: await claimsFor(name, location),
        });
        runs.set("w.md", trigger);
        return runs;
      }),
    );
    for (const runs of servers) runs.dataChanged("live"); // one batch, heard by every server
    expect(starts).toHaveLength(1);
    await new Promise((resolve) => setTimeout(resolve, 350));
    for (const runs of servers) runs.dataChanged("live"); // the next batch, after the interval
    expect(starts).toHaveLength(2);
    for (const runs of servers) runs.stop();
  });
});

describe("runs on new data, whoever watches", () => {
  const servers: Array<() => Promise<void>> = [];
  afterAll(async () => {
    for (const stop of servers) await stop();
  });

  /** Logs the same batches with `watchers` sockets open; returns the run and alert history, without times and ids. */
  async function history(watchers: number) {
    const { server, close } = await startServerWith({ "watched.md": withFrontMatter("on: data\nevery: 200ms") });
    servers.push(close);
    const sockets = await Promise.all(Array.from({ length: watchers }, () => connectSocket(server.url)));
    for (const socket of sockets) {
      socket.send({ type: "subscribe", path: "watched.md" });
      await socket.waitFor((m): m is ServerMessage => m.type === "workbook");
    }
    const runs = async () => {
      const page = (await (await fetch(`${server.url}/api/v1/workbooks/watched.md/runs`)).json()) as RunPage;
      return page.runs.reverse();
    };
    const ended = (list: RunRecord[]) => list.filter((run) => run.status !== "running").length;
    let logged = 0;
    for (const count of [2, 3, 1]) {
      const before = ended(await runs());
      const body = Array.from({ length: count }, () => JSON.stringify({ features: { x: logged++ }, prediction: 0 }));
      const posted = await fetch(`${server.url}/api/v1/models/live/predictions`, {
        method: "POST",
        headers: { "content-type": "application/x-ndjson" },
        body: body.join("\n"),
      });
      expect(posted.ok).toBe(true);
      await expect.poll(async () => ended(await runs()), { timeout: 15_000 }).toBe(before + 1);
    }
    // Viewers' re-runs of the last batch may still be going: they must add nothing.
    await new Promise((resolve) => setTimeout(resolve, 500));
    const transitions = (
      (await (await fetch(`${server.url}/api/v1/alerts/history?workbook=watched.md`)).json()) as {
        entries: StoredAlertTransition[];
      }
    ).entries.reverse();
    const points = server.store.db
      .prepare("select value from driftbook_metric_points where workbook = 'watched.md' order by id")
      .all();
    for (const socket of sockets) socket.close();
    return {
      runs: (await runs()).map((run) => ({
        trigger: run.trigger,
        production: run.production,
        status: run.status,
        alerts: run.alerts.map((transition) => `${transition.from} → ${transition.to}`),
      })),
      transitions: transitions.map((transition) => `${transition.trigger} ${transition.from} → ${transition.to}`),
      points,
    };
  }

  it("gives the same run and alert history with zero, one or five browsers open", async () => {
    const expected = {
      runs: [
        { trigger: "data", production: true, status: "ok", alerts: [] },
        { trigger: "data", production: true, status: "ok", alerts: ["normal → pending"] },
        { trigger: "data", production: true, status: "ok", alerts: ["pending → firing"] },
      ],
      transitions: ["data normal → pending", "data pending → firing"],
      points: [{ value: 2 }, { value: 5 }, { value: 6 }],
    };
    expect(await history(0)).toEqual(expected);
    expect(await history(1)).toEqual(expected);
    expect(await history(5)).toEqual(expected);
  }, 120_000);
});
