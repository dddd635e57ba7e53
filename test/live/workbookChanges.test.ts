/**
 * The server tells the editors of a workbook of its runs, alerts, share links and commits over
 * the editor socket (a `changed` message), so their panels need not poll: a real server, real
 * sockets, runs started through the API, by new data (`on: data`) and by `driftbook run` in another process.
 * A socket watching alerts (the alerts page) hears every workbook's alert news; a share view of
 * the workbook hears none of it.
 */
import { join } from "node:path";
import WebSocket from "ws";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { RunningServer } from "../../server/compose.ts";
import type { CreatedShare, ServerMessage, WorkbookTopic } from "../../server/protocol/index.ts";
import { driftbook } from "../helpers/cli.ts";
import { gitIn } from "../helpers/git.ts";
import { startServerWith } from "../helpers/server.ts";
import { connectSocket } from "../helpers/socket.ts";
import { workbookText } from "../helpers/workbooks.ts";

let server: RunningServer;
let dir: string;
let close: () => Promise<void>;

beforeAll(async () => {
  ({ server, dir, close } = await startServerWith({
    "news.md":
      "---\non: data\nevery: 200ms\n---\n\n" +
      workbookText(
        "```sql counted\nselect count(*) as n from scores\n```",
        'const n = counted.get("n", 0);',
        "```alert many\nwhen: n > 3\n```",
      ),
    "other.md": workbookText("const x = 1;"),
  }));
});
afterAll(() => close());

type Changed = Extract<ServerMessage, { type: "changed" }>;
const changed =
  (topic: WorkbookTopic, path = "news.md") =>
  (m: ServerMessage): m is Changed =>
    m.type === "changed" && m.topic === topic && m.path === path;
const news = (messages: ServerMessage[]) =>
  messages.filter((m): m is Changed => m.type === "changed").map(({ path, topic }) => `${path} ${topic}`);

async function editor(path: string) {
  const socket = await connectSocket(server.url);
  socket.send({ type: "subscribe", path });
  await socket.waitFor((m): m is ServerMessage => m.type === "workbook");
  return socket;
}

const post = (path: string, body: unknown) =>
  fetch(server.url + path, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(body),
  });

describe("news of a workbook on the editor socket", () => {
  it("tells the editors of that workbook, and only them, of a run now, an alert transition, a link and a run by another process", async () => {
    const subscribed = await editor("news.md"); // opening it only previews its rule: no news
    subscribed.messages.length = 0;
    const elsewhere = await editor("other.md");
    const unsubscribed = await editor("news.md");
    unsubscribed.send({ type: "unsubscribe", path: "news.md" });
    const alertsPage = await connectSocket(server.url);
    alertsPage.send({ type: "watchAlerts" });
    const created = (await (await post("/api/v1/shares", { workbook: "news.md" })).json()) as CreatedShare;
    const shareView = new WebSocket(server.url.replace(/^http/, "ws") + created.path + "/ws");
    const shared: string[] = [];
    shareView.on("message", (data) => shared.push(String(data)));
    await new Promise((resolve) => shareView.once("message", resolve)); // the shared workbook
    try {
      await subscribed.waitFor(changed("shares"));

      // Run now: news as it starts and as it ends, before the answer.
      const response = await post("/api/v1/workbooks/news.md/runs", {});
      expect(response.status).toBe(201);
      await subscribed.waitFor(changed("alerts"));
      expect(news(subscribed.messages)).toEqual(["news.md shares", "news.md runs", "news.md runs", "news.md alerts"]);

      // New data: the workbook runs (`on: data`), its alert rule fires and the run is recorded.
      subscribed.messages.length = 0;
      const rows = Array.from({ length: 5 }, (_, i) => JSON.stringify({ features: { x: i }, prediction: 0 })).join(
        "\n",
      );
      expect(
        (
          await fetch(`${server.url}/api/v1/models/scores/predictions`, {
            method: "POST",
            headers: { "content-type": "application/x-ndjson" },
            body: rows,
          })
        ).ok,
      ).toBe(true);
      await subscribed.waitFor(changed("alerts"));
      await subscribed.waitFor(changed("runs"));
      const alerts = (await (await fetch(`${server.url}/api/v1/alerts?workbook=news.md`)).json()) as {
        state: string;
      }[];
      expect(alerts.map((instance) => instance.state)).toEqual(["firing"]);

      // `driftbook run` in another process records on the same database: the server notices.
      subscribed.messages.length = 0;
      const cli = await driftbook(["run", join(dir, "news.md"), "--db", join(dir, "driftbook.db"), "--workbooks", dir]);
      expect(cli.stderr).not.toMatch(/error/i);
      await subscribed.waitFor(changed("runs"), 5000);
      await subscribed.waitFor(changed("alerts"), 5000);

      expect(news(elsewhere.messages)).toEqual([]);
      // The alerts page hears every workbook's alert news, and nothing else.
      expect(new Set(news(alertsPage.messages))).toEqual(new Set(["news.md alerts"]));
      expect(news(unsubscribed.messages)).toEqual([]);
      expect(shared.filter((text) => text.includes('"changed"') || text.includes('"topic"'))).toEqual([]);
      expect(shared.length).toBeGreaterThan(1); // the share view did hear the cells re-run
    } finally {
      shareView.close();
      for (const socket of [subscribed, elsewhere, unsubscribed, alertsPage]) socket.close();
    }
  }, 30_000);

  it("tells of a commit made through the API", async () => {
    for (const args of [
      ["init", "-q"],
      ["config", "user.name", "Test Person"],
      ["config", "user.email", "test@example.com"],
      ["config", "commit.gpgsign", "false"],
    ])
      await gitIn(dir, ...args);
    const socket = await editor("other.md");
    try {
      const response = await post("/api/v1/workbooks/other.md/git/commit", { message: "First version" });
      expect(response.status, await response.clone().text()).toBe(201);
      await socket.waitFor(changed("git", "other.md"));
      expect(news(socket.messages)).toEqual(["other.md git"]);
    } finally {
      socket.close();
    }
  });
});
