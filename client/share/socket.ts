/**
 * The share view's WebSocket (`/s/<token>/ws`), which only listens. When it drops without an
 * `ended` message (a server restart, the network) it reconnects with a growing delay (×1.5
 * from 1 s up to 30 s, as client/socket.ts does). A browser does not say why an upgrade was
 * refused, so after an attempt that never opened it asks for the page itself (HEAD): a 404
 * means the link was revoked or expired meanwhile, and the view ends instead of retrying. The
 * page URL's query (`?region=eu`) goes with each connection: the server keeps the params the
 * author lets viewers set; `reconnect` opens a new connection at once after the query changed.
 */
import type { ShareEnd, ShareMessage } from "../../server/protocol/shares.ts";

const FIRST_DELAY_MS = 1000;
const MAX_DELAY_MS = 30_000;
const BACKOFF = 1.5;

export interface ShareSocketEvents {
  /** A `workbook`, `cell`, `params` or `closed` message. */
  update(message: Exclude<ShareMessage, { type: "ended" }>): void;
  /** The link stopped working, for the server's reason or (undefined) because the page is gone; nothing follows. */
  ended(reason: ShareEnd | undefined): void;
  /** The connection opened (true) or dropped and is being retried (false). */
  connection(open: boolean): void;
}

/** Connects to the socket of the share page at `page` (`/s/<token>`) and keeps it connected until the link ends. */
export function openShareSocket(page: string, events: ShareSocketEvents): { reconnect(): void } {
  const base = `${location.protocol === "https:" ? "wss" : "ws"}://${location.host}${page}/ws`;
  let delay = FIRST_DELAY_MS;
  let current: WebSocket | undefined;
  let ended = false;
  const end = (reason: ShareEnd | undefined) => {
    ended = true;
    events.ended(reason);
  };

  const connect = () => {
    const socket = (current = new WebSocket(base + location.search));
    let opened = false;
    socket.addEventListener("open", () => {
      opened = true;
      delay = FIRST_DELAY_MS;
      events.connection(true);
    });
    socket.addEventListener("message", (event) => {
      if (socket !== current) return; // a late message of the params before `reconnect`
      const message = JSON.parse(String(event.data)) as ShareMessage;
      if (message.type === "ended") end(message.reason);
      else events.update(message);
    });
    socket.addEventListener("close", async () => {
      if (ended || socket !== current) return;
      events.connection(false);
      if (!opened && (await pageIsGone(page))) return end(undefined);
      setTimeout(connect, delay);
      delay = Math.min(delay * BACKOFF, MAX_DELAY_MS);
    });
  };
  connect();
  return {
    reconnect() {
      if (ended) return;
      current?.close();
      connect();
    },
  };
}

/** Whether the share page answers 404; a failed request (offline) is not an answer, so not gone. */
async function pageIsGone(page: string): Promise<boolean> {
  try {
    const response = await fetch(page, { method: "HEAD", cache: "no-store" });
    return response.status === 404;
  } catch {
    return false;
  }
}
