/**
 * A WebSocket client that stops reading is dropped once more than 16 MB wait
 * for it, instead of the server queueing every output it pushes. Against `driftbook serve` in
 * a child process: an editor socket and a share viewer's pause (stop reading), another editor
 * socket keeps reading, and saves push ~3 MB outputs to all three.
 */
import { join } from "node:path";
import WebSocket from "ws";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ServerMessage, ShareMessage } from "../../server/protocol/index.ts";
import { startServeProcess, type ServeProcess } from "../helpers/serveProcess.ts";
import { tempDir, workbookText, writeFiles } from "../helpers/workbooks.ts";

const OUTPUT_CHARS = 3_000_000;
const bigCell = (marker: string) => workbookText(`html\`<p>\${"x".repeat(${OUTPUT_CHARS})}${marker}</p>\``);

let server: ServeProcess;
let cleanup: () => Promise<void>;
beforeAll(async () => {
  let dir: string;
  ({ dir, cleanup } = await tempDir());
  await writeFiles(dir, { "big.md": bigCell("v0") });
  server = await startServeProcess(["--workbooks", dir, "--db", join(dir, "driftbook.db")]);
}, 60_000);
afterAll(async () => {
  await server?.stop();
  await cleanup();
});

/** A socket on big.md, the editor's or a share link's; `seen` holds the version markers of the outputs it read. */
async function subscriber(path = "/ws") {
  const ws = new WebSocket(server.url.replace(/^http/, "ws") + path);
  const seen: string[] = [];
  const closed = new Promise<number>((resolve) => ws.once("close", (code) => resolve(code)));
  ws.on("message", (data) => {
    const message = JSON.parse(String(data)) as ServerMessage | ShareMessage;
    const cells = message.type === "cell" ? [message.cell] : message.type === "workbook" ? message.cells : [];
    for (const cell of cells) {
      const marker = /(v\d+)<\/p>/.exec(JSON.stringify(cell.outputs))?.[1];
      if (marker) seen.push(marker);
    }
  });
  await new Promise((resolve, reject) => ws.once("open", resolve).once("error", reject));
  if (path === "/ws") ws.send(JSON.stringify({ type: "subscribe", path: "big.md" }));
  await expect.poll(() => seen.length, { timeout: 20_000 }).toBeGreaterThan(0);
  return { ws, seen, closed };
}

async function connectedSockets(): Promise<number> {
  const text = await (await fetch(`${server.url}/metrics`)).text();
  return Number(/^driftbook_websocket_clients (\d+)$/m.exec(text)?.[1]);
}

describe("slow WebSocket clients", () => {
  it("drops clients that stop reading, editor and share viewer alike, and keeps serving the one that reads", async () => {
    const share = (await (
      await fetch(`${server.url}/api/v1/shares`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: '{"workbook": "big.md"}',
      })
    ).json()) as { path: string };
    const reader = await subscriber();
    const stalled = [await subscriber(), await subscriber(`${share.path}/ws`)];
    expect(await connectedSockets()).toBe(3);
    for (const { ws } of stalled) ws.pause();

    let { version } = (await (await fetch(`${server.url}/api/v1/workbooks/big.md`)).json()) as { version: string };
    for (let n = 1; n <= 15; n++) {
      const saved = await fetch(`${server.url}/api/v1/workbooks/big.md`, {
        method: "PUT",
        headers: { "content-type": "application/json", "if-match": `"${version}"` },
        body: JSON.stringify({ text: bigCell(`v${n}`) }),
      });
      expect(saved.status).toBe(200);
      version = ((await saved.json()) as { version: string }).version;
      await expect.poll(() => reader.seen.includes(`v${n}`), { timeout: 20_000 }).toBe(true);
    }

    // The stalled sockets are gone on the server while their peers still have not read a byte more.
    await expect.poll(connectedSockets, { timeout: 10_000 }).toBe(1);
    for (const { ws, closed, seen } of stalled) {
      ws.resume();
      expect([1013, 1006]).toContain(await closed);
      expect(seen).not.toContain("v15");
    }
    expect(reader.ws.readyState).toBe(WebSocket.OPEN);
    reader.ws.close();
  }, 120_000);
});
