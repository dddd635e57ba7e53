/**
 * The live channels: editors subscribe to workbooks over one WebSocket at /ws and receive
 * every cell's state as it changes, and news of its runs, alerts, share links and commits
 * (live/workbookChanges.ts); share views get theirs at /s/<token>/ws (shareSocket.ts), never that news.
 * Upgrades pass the same Host and origin checks as writes (siteGuard.ts: DNS rebinding,
 * cross-site WebSocket hijacking). /ws needs what the editor routes need (auth.ts). Sends drop
 * a peer that stops reading (socketSend.ts). Editors also ask for replays of their alert rules
 * here, which hear progress as they run and stop when the socket closes (live/replays.ts).
 */
import { STATUS_CODES, type IncomingMessage, type Server } from "node:http";
import type { Duplex } from "node:stream";
import { WebSocketServer, type WebSocket } from "ws";
import type { ClientMessage, ServerMessage } from "../protocol/index.ts";
import type { ShareStore } from "../shares/store.ts";
import { refusalOf, type Auth } from "./auth.ts";
import type { LiveWorkbook } from "../live/liveWorkbook.ts";
import { textParams } from "../live/paramChoices.ts";
import type { Sessions } from "../live/sessions.ts";
import type { WorkbookChanges } from "../live/workbookChanges.ts";
import type { Replays } from "../live/replays.ts";
import { SHARE_SOCKET, ShareSockets } from "./shareSocket.ts";
import type { SiteGuard } from "./siteGuard.ts";
import { sendJson } from "./socketSend.ts";

const WS_PATH = "/ws";

export function attachWebSocket(
  server: Server,
  {
    sessions,
    changes,
    auth,
    shares,
    site,
    replays,
  }: {
    sessions: Sessions;
    changes: WorkbookChanges;
    auth: Auth;
    shares: ShareStore;
    site: SiteGuard;
    replays: Replays;
  },
): { clients: () => number; close: () => Promise<void> } {
  const wss = new WebSocketServer({ noServer: true, maxPayload: 64 * 1024 });
  const shareSockets = new ShareSockets(sessions, shares);
  server.on("upgrade", (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    const url = new URL(req.url ?? "/", "http://localhost");
    const refusal = site.refusal(req, true);
    if (refusal) return refuse(socket, refusal.status, refusal.message);
    if (SHARE_SOCKET.test(url.pathname)) {
      const share = shareSockets.resolve(url.pathname);
      if (!share) return refuse(socket, 404, "Not Found");
      const params = Object.fromEntries(url.searchParams); // the viewer's choices; SharedView's session keeps only `viewer: true` ones
      return shareSockets.wss.handleUpgrade(req, socket, head, (ws) => shareSockets.connect(ws, share, params));
    }
    if (url.pathname !== WS_PATH) return refuse(socket, 404, "Not Found");
    const access = auth.access(req, "editor");
    if (access.type !== "allowed") {
      const { status, message, headers } = refusalOf(access, "DRIFTBOOK_TOKEN");
      return refuse(socket, status, message, headers);
    }
    wss.handleUpgrade(req, socket, head, (ws) => connect(ws, sessions, changes, replays));
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

function connect(ws: WebSocket, sessions: Sessions, changes: WorkbookChanges, replays: Replays): void {
  const subscriptions = new Map<string, () => void>();
  /** The live workbook each subscription reads, for `run`. */
  const subscribed = new Map<string, LiveWorkbook>();
  /** The latest subscribe asked for each path: an earlier one that resolves later is dropped. */
  const asked = new Map<string, number>();
  let requests = 0;
  const send = (message: ServerMessage) => sendJson(ws, message);
  const replayChannel = replays.channel(send);
  let watchingAlerts = false;
  const unlisten = changes.listen((path, topic) => {
    if (subscriptions.has(path) || (topic === "alerts" && watchingAlerts)) send({ type: "changed", path, topic });
  });
  ws.on("message", async (data) => {
    let message: ClientMessage;
    try {
      message = JSON.parse(String(data)) as ClientMessage;
    } catch {
      return send({ type: "error", message: "messages must be JSON" });
    }
    switch (message.type) {
      case "subscribe": {
        const request = ++requests;
        asked.set(message.path, request);
        try {
          const live = await sessions.open(message.path, textParams(message.params));
          if (ws.readyState !== ws.OPEN || asked.get(message.path) !== request) return;
          subscriptions.get(message.path)?.();
          subscriptions.set(message.path, live.subscribe(send));
          subscribed.set(message.path, live);
        } catch (error) {
          send({ type: "error", message: `cannot open ${message.path}: ${(error as Error).message}` });
        }
        return;
      }
      case "unsubscribe":
        subscriptions.get(message.path)?.();
        subscriptions.delete(message.path);
        subscribed.delete(message.path);
        asked.delete(message.path);
        return;
      case "run": {
        const live = subscribed.get(message.path);
        if (!live) return send({ type: "error", message: `subscribe to ${message.path} before running its cells` });
        if (!Number.isSafeInteger(message.index) || !live.rerunCell(message.index))
          send({ type: "error", message: `${message.path} has no cell ${JSON.stringify(message.index)} to run` });
        return;
      }
      case "watchAlerts":
      case "unwatchAlerts":
        watchingAlerts = message.type === "watchAlerts";
        return;
      case "replay":
        if (!Number.isSafeInteger(message.id))
          return send({ type: "error", message: 'a replay needs an integer "id", which names it in the answers' });
        return replayChannel.start(message.id, message.request);
      case "cancelReplay":
        return replayChannel.cancel(message.id);
      default: {
        const unknown: never = message;
        send({
          type: "error",
          message: `unknown message type ${JSON.stringify((unknown as { type?: unknown }).type)}`,
        });
      }
    }
  });
  ws.on("close", () => {
    unlisten();
    replayChannel.close();
    for (const unsubscribe of subscriptions.values()) unsubscribe();
    subscriptions.clear();
  });
}

/** Answers an upgrade with a plain HTTP refusal whose body says why. */
function refuse(socket: Duplex, status: number, message: string, headers: Record<string, string> = {}): void {
  const body = Buffer.from(message + "\n");
  const lines = [
    `HTTP/1.1 ${status} ${STATUS_CODES[status]}`,
    "Connection: close",
    "Content-Type: text/plain; charset=utf-8",
    `Content-Length: ${body.length}`,
    "X-Content-Type-Options: nosniff",
  ];
  lines.push(...Object.entries(headers).map(([name, value]) => `${name}: ${value}`));
  socket.end(Buffer.concat([Buffer.from(lines.join("\r\n") + "\r\n\r\n"), body]));
}
