/**
 * The share view's live channel at `/s/<token>/ws`: one workbook, pushed, read-only. The token
 * is checked at the upgrade; the socket then hears that workbook's messages reduced by
 * SharedView; the socket URL's query (`?region=eu`) sets the params the author marked
 * `viewer: true`, checked against their declarations, and nothing else (live/paramChoices.ts).
 * When that session is closed to make room for others (`--max-sessions`) the socket closes with
 * 1013, try again later, and the page reconnects. A message from the viewer (say, a subscription to another workbook) closes it
 * with 1008, policy violation. Revoking the link or reaching its expiry
 * ends the socket at once with an `ended` message.
 */
import { WebSocketServer, type WebSocket } from "ws";
import type { ShareEnd, ShareMessage } from "../protocol/index.ts";
import type { Share, ShareStore } from "../shares/store.ts";
import { SharedView } from "../shares/view.ts";
import type { Sessions } from "../live/sessions.ts";
import { sendJson } from "./socketSend.ts";

export const SHARE_SOCKET = /^\/s\/([A-Za-z0-9_-]+)\/ws$/;
/** setTimeout's longest delay; a link that expires later is checked again then. */
const MAX_TIMER_MS = 2 ** 31 - 1;

export class ShareSockets {
  readonly wss = new WebSocketServer({ noServer: true, maxPayload: 1024 });
  private readonly open = new Map<string, Set<(reason: ShareEnd) => void>>();
  private readonly stopListening: () => void;

  constructor(
    private readonly sessions: Sessions,
    private readonly shares: ShareStore,
  ) {
    this.stopListening = shares.onRevoke((id, reason) => this.end(id, reason));
  }

  /** The link a share-socket path opens now, or undefined. */
  resolve(pathname: string): Share | undefined {
    const token = SHARE_SOCKET.exec(pathname)?.[1];
    return token === undefined ? undefined : this.shares.resolve(token);
  }

  connect(ws: WebSocket, share: Share, params: Record<string, string>): void {
    const send = (message: ShareMessage) => sendJson(ws, message);
    const view = new SharedView();
    let unsubscribe: (() => void) | undefined;
    let expiry: ReturnType<typeof setTimeout> | undefined;
    const enders = this.open.get(share.id) ?? new Set();
    this.open.set(share.id, enders);
    const end = (reason: ShareEnd) => {
      send({ type: "ended", reason });
      ws.close(1000, reason);
    };
    enders.add(end);
    const checkExpiry = () => {
      if (!this.shares.isValid(share.id)) return end("expired");
      expiry = setTimeout(checkExpiry, Math.min(Math.max(share.expiresAt - Date.now(), 0) + 10, MAX_TIMER_MS));
    };
    checkExpiry();
    ws.on("message", () => ws.close(1008, "a share view is read-only")); // it listens; asking for anything else is refused
    ws.on("close", () => {
      clearTimeout(expiry);
      unsubscribe?.();
      enders.delete(end);
      if (enders.size === 0) this.open.delete(share.id);
    });
    this.shares.touch(share.id);
    this.sessions.open(share.workbook, params, "viewer").then(
      (live) => {
        if (ws.readyState !== ws.OPEN) return;
        unsubscribe = live.subscribe((message) => {
          const shared = view.translate(message);
          if (!shared) return;
          if (shared.type === "ended") return end(shared.reason);
          send(shared.type === "workbook" ? { ...shared, downloads: share.downloads } : shared);
          if (shared.type === "closed") ws.close(1013, "this view's session was closed to make room; reconnect");
        });
      },
      () => end("removed"),
    );
  }

  close(): void {
    this.stopListening();
    for (const ws of this.wss.clients) ws.terminate();
    this.wss.close();
  }

  private end(id: string, reason: ShareEnd): void {
    for (const end of this.open.get(id) ?? []) end(reason);
  }
}
