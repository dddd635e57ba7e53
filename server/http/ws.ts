/**
 * The live channels: editors subscribe to workbooks over one WebSocket at /ws and receive
 * every cell's state as it changes; share views get theirs at /s/<token>/ws (shareSocket.ts).
 * Upgrades from another site's page are refused (cross-site WebSocket hijacking): a browser's
 * Origin must name the host it connected to. /ws needs what the editor routes need (auth.ts).
 */
import type { IncomingMessage, Server } from "node:http";
import type { Duplex } from "node:stream";
import { WebSocketServer, type WebSocket } from "ws";
import type { ClientMessage, ServerMessage } from "../protocol/index.ts";
import type { ShareStore } from "../shares/store.ts";
import type { Auth } from "./auth.ts";
import type { Sessions } from "./sessions.ts";
import { SHARE_SOCKET, ShareSockets } from "./shareSocket.ts";

export const WS_PATH = "/ws";

export function attachWebSocket(
  server: Server,
  { sessions, auth, shares }: { sessions: Sessions; auth: Auth; shares: ShareStore },
): { clients: () => number; close: () => Promise<void> } {
  const wss = new WebSocketServer({ noServer: true, maxPayload: 64 * 1024 });
  const shareSockets = new ShareSockets(sessions, shares);
  server.on("upgrade", (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    const url = new URL(req.url ?? "/", "http://localhost");
    if (!sameOrigin(req)) return refuse(socket, 403, "Forbidden");
    if (SHARE_SOCKET.test(url.pathname)) {
      const share = shareSockets.resolve(url.pathname);
      if (!share) return refuse(socket, 404, "Not Found");
      return shareSockets.wss.handleUpgrade(req, socket, head, (ws) => shareSockets.connect(ws, share));
    }
    if (url.pathname !== WS_PATH) return refuse(socket, 404, "Not Found");
    if (!auth.isEditor(req)) return refuse(socket, 401, "Unauthorized");
    wss.handleUpgrade(req, socket, head, (ws) => connect(ws, sessions));
  });
  return {
    clients: () => wss.clients.size + shareSockets.wss.clients.size,
    close: () =>
      new Promise((resolve) => {
        shareSockets.close();
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
