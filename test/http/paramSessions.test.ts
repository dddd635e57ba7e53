/**
 * Readers' params over the real sockets (ws.ts, shareSocket.ts): viewers asking for the same
 * values share one session, whatever else their URL holds, and a session closed past
 * `--max-sessions` tells its share pages to reconnect.
 */
import WebSocket from "ws";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { RunningServer } from "../../server/compose.ts";
import type { CreatedShare, ShareMessage } from "../../server/protocol/index.ts";
import { startServerWith } from "../helpers/server.ts";
import { connectSocket } from "../helpers/socket.ts";

const WORKBOOK = `---
params:
  region: {type: select, options: [eu, us], default: eu, viewer: true}
  window: {type: select, options: [1d, 7d], default: 7d}
---

\`\`\`sql counted
select count(*) as n from credit where region = \${params.region}
\`\`\`
`;

let server: RunningServer;
let close: () => Promise<void>;
let link: string;
beforeAll(async () => {
  ({ server, close } = await startServerWith({ "regions.md": WORKBOOK }, { maxSessions: 1 }));
  const rows = ["eu", "us", "us"].map((region) => JSON.stringify({ features: { region }, prediction: 0 }));
  await fetch(`${server.url}/api/v1/models/credit/predictions`, {
    method: "POST",
    headers: { "content-type": "application/x-ndjson" },
    body: rows.join("\n"),
  });
  const response = await fetch(`${server.url}/api/v1/shares`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ workbook: "regions.md" }),
  });
  link = ((await response.json()) as CreatedShare).path;
});
afterAll(() => close());

/** A share page's socket at `query`: its messages, and the code it closed with. */
async function shareSocket(query: string) {
  const ws = new WebSocket(`${server.url.replace(/^http/, "ws")}${link}/ws${query}`);
  const messages: ShareMessage[] = [];
  const closed = new Promise<number>((resolve) => ws.on("close", (code) => resolve(code)));
  ws.on("message", (data) => messages.push(JSON.parse(String(data)) as ShareMessage));
  await new Promise<void>((resolve, reject) => {
    ws.once("open", () => resolve());
    ws.once("error", reject);
  });
  return { messages, closed, close: () => ws.close() };
}

/** The count a share page shows once its cell has run. */
async function counted(socket: { messages: ShareMessage[] }) {
  await expect.poll(() => shownCount(socket)).toBeDefined();
  return shownCount(socket);
}

function shownCount({ messages }: { messages: ShareMessage[] }) {
  for (const message of [...messages].reverse()) {
    const cell = message.type === "cell" ? message.cell : message.type === "workbook" ? message.cells[0] : undefined;
    const output = cell?.status === "fulfilled" ? cell.outputs[0] : undefined;
    if (output?.kind === "table") return output.rows[0][0];
  }
  return undefined;
}

async function paramSessions(): Promise<number> {
  const text = await (await fetch(`${server.url}/metrics`)).text();
  return Number(/^driftbook_param_sessions (\d+)$/m.exec(text)?.[1]);
}

describe("readers' params over the sockets", () => {
  it("gives every viewer of the same values one session: twenty pages cost one", async () => {
    const pages = await Promise.all(
      Array.from({ length: 20 }, (_, i) => shareSocket(i % 2 ? "?region=us" : `?region=us&window=1d&x${i}=1`)),
    );
    for (const page of pages) expect(await counted(page)).toBe(2);
    const [first] = pages[0].messages.filter((m) => m.type === "workbook");
    expect(first).toMatchObject({ params: [{ name: "region", value: "us", viewer: true }] });
    expect(await paramSessions()).toBe(1);
    const editor = await connectSocket(server.url);
    editor.send({ type: "subscribe", path: "regions.md", params: { region: "us" } });
    await editor.waitFor((m): m is Extract<typeof m, { type: "workbook" }> => m.type === "workbook");
    expect(await paramSessions()).toBe(1);
    editor.close();
    for (const page of pages) page.close();
  }, 60_000);

  it("closes the least recently used session past the cap, and tells its pages to reconnect", async () => {
    const us = await shareSocket("?region=us");
    expect(await counted(us)).toBe(2);
    const editor = await connectSocket(server.url);
    editor.send({ type: "subscribe", path: "regions.md", params: { window: "1d" } });
    await editor.waitFor((m): m is Extract<typeof m, { type: "workbook" }> => m.type === "workbook");
    expect(await us.closed).toBe(1013);
    expect(us.messages.at(-1)).toEqual({ type: "closed" });
    expect(await paramSessions()).toBe(1);
    editor.close();
  }, 60_000);
});
