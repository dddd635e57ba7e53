/**
 * The editor's replays over a real server's socket (server/live/replays.ts, replayEngine.ts), on
 * the demo data in a real SQLite file: income and purpose drift from day five, so
 * `inputs-drifted` is normal on the first days and fires from the drift in one episode. Saves go
 * through the API, as the editor's do, so the server hears of them as it does of an editor's.
 */
import { readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { seedDemo } from "../../server/demo/seed.ts";
import type { ReplayImpact, RuleReplayResult, ServerMessage } from "../../server/protocol/index.ts";
import { PredictionStore } from "../../server/store/store.ts";
import { versionOf } from "../../server/workspace/workspace.ts";
import { ROOT } from "../helpers/cli.ts";
import { gitIn, tempRepo } from "../helpers/git.ts";
import { startTestServer } from "../helpers/server.ts";
import { connectSocket } from "../helpers/socket.ts";
import { TODAY } from "../helpers/demoWorkbook.ts";

const PATH = "credit-drift.md";
const SLOW = 120_000;

type Replied<T extends ServerMessage["type"]> = Extract<ServerMessage, { type: T }>;
const answer =
  <T extends "replayResult" | "replayError">(type: T, id: number) =>
  (message: ServerMessage): message is Replied<T> =>
    message.type === type && message.id === id;

const progressOf =
  (id: number) =>
  (message: ServerMessage): message is Replied<"replayProgress"> =>
    message.type === "replayProgress" && message.id === id;

let demoText: string;
let workbooks: string;
let server: Awaited<ReturnType<typeof startTestServer>>;
let cleanup: () => Promise<void>;

/** Saves `text` over the file through the API, as the editor does. */
async function save(text: string): Promise<void> {
  const current = await readFile(join(workbooks, PATH), "utf8");
  const response = await fetch(`${server.url}/api/v1/workbooks/${PATH}`, {
    method: "PUT",
    headers: { "content-type": "application/json", "if-match": `"${versionOf(current)}"` },
    body: JSON.stringify({ text }),
  });
  expect(response.ok, await response.clone().text()).toBe(true);
}

beforeAll(async () => {
  demoText = await readFile(join(ROOT, "workbooks", PATH), "utf8");
  const repo = await tempRepo();
  workbooks = repo.workbooks;
  cleanup = repo.cleanup;
  await writeFile(join(workbooks, PATH), demoText);
  await gitIn(repo.top, "add", ".");
  await gitIn(repo.top, "commit", "-qm", "the demo workbook");
  const dbPath = join(repo.top, "predictions.db");
  const store = new PredictionStore(dbPath);
  // The demo's days as whole UTC days, so the first daily step's 24-hour window holds a whole
  // day, not the few rows of the hours before midnight (which read as drift at any time of day late enough).
  seedDemo(store, { now: TODAY });
  store.close();
  server = await startTestServer({ workbooksDir: workbooks, dbPath });
}, SLOW);

afterAll(async () => {
  await server?.close();
  await cleanup?.();
});

describe("replaying a rule from the editor's socket", () => {
  it(
    "streams progress, then the rule normal on the first days and firing from the drift in one episode",
    async () => {
      const socket = await connectSocket(server.url);
      socket.send({
        type: "replay",
        id: 1,
        request: { kind: "rule", path: PATH, rule: "inputs-drifted", range: "7d", every: "1d" },
      });
      const { result } = await socket.waitFor(answer("replayResult", 1), SLOW);
      socket.close();
      const progress = socket.messages.filter(
        (message): message is Replied<"replayProgress"> => message.type === "replayProgress",
      );
      expect(progress.map(({ done }) => done)).toEqual(
        Array.from({ length: progress.length }, (_, index) => index + 1),
      );
      expect(progress.at(-1)?.total).toBe(progress.length);
      const replay = result as RuleReplayResult;
      expect(replay).toMatchObject({
        kind: "rule",
        path: PATH,
        rule: "inputs-drifted",
        every: "1 day",
        steps: progress.length,
      });
      expect(Object.keys(replay.instances)).toEqual(["inputs-drifted"]);
      const { episodes, firingsPer30d, timeFiring, timeline } = replay.instances["inputs-drifted"];
      expect(episodes).toHaveLength(1);
      expect(episodes[0].end).toBeNull();
      // Normal on the first days: the episode starts days after the range does.
      expect(Date.parse(episodes[0].start) - Date.parse(replay.since)).toBeGreaterThanOrEqual(3 * 86_400_000);
      expect(timeFiring).toBeGreaterThan(0);
      expect(timeFiring).toBeLessThan(1);
      expect(firingsPer30d).toBeGreaterThan(0);
      // Worded as `driftbook replay` prints it.
      expect(replay.instances["inputs-drifted"].summary).toMatch(
        /^1 episode, [\d.]+ firings per 30 days, firing \d+% of the time$/,
      );
      expect(replay.instances["inputs-drifted"].episodeTexts).toEqual([
        {
          start: episodes[0].start.slice(0, 16).replace("T", " "),
          end: "still firing",
          duration: "",
          peak: expect.any(String),
        },
      ]);
      expect(replay.text).toMatch(/^7 steps of 1 day, \d{4}-\d\d-\d\d 00:00 to \d{4}-\d\d-\d\d 00:00 UTC$/);
      expect(timeline.kind).toBe("svg");
      expect(timeline.svg).toMatch(/^<svg[^>]*>/);
      expect(timeline.svg).not.toMatch(/<script|\son\w+=/i);
      expect(replay.budget).toBeUndefined();
    },
    SLOW,
  );

  it("answers a request it cannot use with an error naming the field, and keeps serving", async () => {
    const socket = await connectSocket(server.url);
    socket.send({
      type: "replay",
      id: 1,
      request: { kind: "rule", path: PATH, rule: "inputs-drifted", range: "90d", every: "1h" } as never,
    });
    socket.send({
      type: "replay",
      id: 2,
      request: { kind: "rule", path: PATH, rule: "no-such-rule", range: "24h", every: "1h" },
    });
    socket.send({
      type: "replay",
      id: 3,
      request: { kind: "rule", path: "missing.md", rule: "x", range: "24h", every: "1h" },
    });
    const [range, rule, file] = await Promise.all([1, 2, 3].map((id) => socket.waitFor(answer("replayError", id))));
    socket.close();
    expect(range).toMatchObject({
      cancelled: false,
      message: 'replay: "range" must be one of 24h, 7d, 30d, not "90d"',
    });
    expect(rule.message).toMatch(/no usable alert rule named "no-such-rule"/);
    expect(file.message).toMatch(/missing\.md/);
  });

  it(
    "cancels a replay when the rule's cells change or a newer replay of the rule starts, not for a change of prose",
    async () => {
      const socket = await connectSocket(server.url);
      const hourly = { kind: "rule", path: PATH, rule: "inputs-drifted", range: "30d", every: "1h" } as const;
      socket.send({ type: "replay", id: 1, request: hourly });
      await socket.waitFor(progressOf(1), SLOW);
      socket.send({ type: "replay", id: 2, request: { ...hourly, every: "1d" } });
      expect(await socket.waitFor(answer("replayError", 1))).toMatchObject({
        cancelled: true,
        message: "a newer replay of the same rule started",
      });

      await socket.waitFor(progressOf(2), SLOW);
      await save(demoText.replace("# Credit model — drift", "# Credit model — drift, replayed"));
      await socket.waitFor(answer("replayResult", 2), SLOW);

      socket.send({ type: "replay", id: 3, request: hourly });
      await socket.waitFor(progressOf(3), SLOW);
      await save(demoText.replace("when: drift.share >= 0.2", "when: drift.share >= 0.25"));
      expect(await socket.waitFor(answer("replayError", 3))).toMatchObject({
        cancelled: true,
        message: `${PATH} changed while it replayed: replay again`,
      });
      socket.close();
      await save(demoText);
    },
    SLOW,
  );

  it(
    "replays a change against HEAD: a threshold nothing reaches would have fired none of the drift's episodes",
    async () => {
      await save(demoText.replace("when: drift.share >= 0.2", "when: drift.share >= 0.9"));
      const socket = await connectSocket(server.url);
      socket.send({ type: "replay", id: 1, request: { kind: "impact", path: PATH, rev: "HEAD" } });
      const { result } = await socket.waitFor(answer("replayResult", 1), SLOW);
      socket.close();
      await save(demoText);
      const impact = result as ReplayImpact;
      expect(impact).toMatchObject({ kind: "impact", path: PATH, every: "1 hour", steps: 168 });
      expect(impact.commit).toMatch(/^[0-9a-f]{40}$/);
      const rule = impact.rules.find(({ key }) => key === "inputs-drifted")!;
      // Hourly, the 24-hour window's share crosses 0.2 more than once as the drift sets in.
      expect(rule.before.length).toBeGreaterThanOrEqual(1);
      expect(rule.after).toEqual([]);
      expect(rule.removed).toEqual(rule.before);
      expect(rule.sentence).toBe(`would have fired 0 times instead of ${rule.before.length} in the last 7 days`);
    },
    SLOW,
  );
});
