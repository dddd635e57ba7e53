/**
 * The live channel: browsers subscribe to workbooks over one WebSocket at /ws and receive
 * every cell's state as it changes. Upgrades from another site's page are refused (cross-site
 * WebSocket hijacking): a browser's Origin must name the host it connected to.
 */
import type { IncomingMessage, Server } from "node:http";
import type { Duplex } from "node:stream";
import { WebSocketServer, type WebSocket } from "ws";
import type { ClientMessage, ServerMessage } from "../protocol/index.ts";
import type { Sessions } from "./sessions.ts";

export const WS_PATH = "/ws";

export function attachWebSocket(server: Server, sessions: Sessions): { clients: () => number; close: () => Promise<void> } {
  const wss = new WebSocketServer({ noServer: true, maxPayload: 64 * 1024 });
  server.on("upgrade", (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    const url = new URL(req.url ?? "/", "http://localhost");
    if (url.pathname !== WS_PATH) return refuse(socket, 404, "Not Found");
    if (!sameOrigin(req)) return refuse(socket, 403, "Forbidden");
    wss.handleUpgrade(req, socket, head, (ws) => connect(ws, sessions));
  });
  return {
    clients: () => wss.clients.size,
    close: () =>
      new Promise((resolve) => {
        for (const ws of wss.clients) ws.terminate();
        wss.close(() => resolve());
      }),
  };
}

function connect(ws: WebSocket, sessions: Sessions): void {
  const subscriptions = new Map<string, () => void>();
  const send = (message: ServerMessage) => {
    if (ws.readyState === ws.OPEN) ws.send(JSON.stringify(message));
  };
  ws.on("message", async (data) => {
    let message: ClientMessage;
    try {
      message = JSON.parse(String(data)) as ClientMessage;
    } catch {
      return send({ type: "error", message: "messages must be JSON" });
    }
    switch (message.type) {
      case "subscribe": {
        if (subscriptions.has(message.path)) return;
        try {
          const live = await sessions.open(message.path);
          if (ws.readyState !== ws.OPEN || subscriptions.has(message.path)) return;
          subscriptions.set(message.path, live.subscribe(send));
        } catch (error) {
          send({ type: "error", message: `cannot open ${message.path}: ${(error as Error).message}` });
        }
        return;
      }
      case "unsubscribe":
        subscriptions.get(message.path)?.();
        subscriptions.delete(message.path);
        return;
      default: {
        const unknown: never = message;
        send({ type: "error", message: `unknown message type ${JSON.stringify((unknown as { type?: unknown }).type)}` });
      }
    }
  });
  ws.on("close", () => {
    for (const unsubscribe of subscriptions.values()) unsubscribe();
    subscriptions.clear();
  });
}

/** A request without Origin is not from a browser page; one with an Origin must match the Host it asked for. */
function sameOrigin(req: IncomingMessage): boolean {
  const origin = req.headers.origin;
  if (!origin) return true;
  try {
    return new URL(origin).host === req.headers.host;
  } catch {
    return false;
  }
}

function refuse(socket: Duplex, status: number, text: string): void {
  socket.end(`HTTP/1.1 ${status} ${text}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
}
