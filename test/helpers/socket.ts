import WebSocket from "ws";
import type { ClientMessage, ServerMessage } from "../../server/protocol/index.ts";

/** A WebSocket client of a test server that records every message and can wait for one. */
export async function connectSocket(url: string, headers: Record<string, string> = {}) {
  const ws = new WebSocket(url.replace(/^http/, "ws") + "/ws", { headers });
  const messages: ServerMessage[] = [];
  const waiters = new Set<() => void>();
  ws.on("message", (data) => {
    messages.push(JSON.parse(String(data)) as ServerMessage);
    for (const wake of waiters) wake();
  });
  await new Promise<void>((resolve, reject) => {
    ws.once("open", () => resolve());
    ws.once("error", reject);
  });
  return {
    messages,
    send: (message: ClientMessage) => ws.send(JSON.stringify(message)),
    /** Resolves with the first message (already received or coming) that matches. */
    waitFor<T extends ServerMessage>(match: (message: ServerMessage) => message is T, timeoutMs = 10_000): Promise<T> {
      return new Promise((resolve, reject) => {
        const check = () => {
          const found = messages.find(match);
          if (!found) return;
          waiters.delete(check);
          clearTimeout(timer);
          resolve(found);
        };
        const timer = setTimeout(() => {
          waiters.delete(check);
          reject(new Error(`no matching message in ${timeoutMs} ms; got ${messages.map((m) => m.type).join(", ")}`));
        }, timeoutMs);
        waiters.add(check);
        check();
      });
    },
    close: () => ws.close(),
  };
}
