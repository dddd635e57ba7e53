/**
 * Sends to a browser socket without letting a slow reader hold the server's memory. `ws`
 * queues whatever the peer has not read; a viewer that stops reading (a laptop lid closed
 * mid-stream) would otherwise grow that queue by every output pushed to it. Past
 * MAX_BUFFERED_BYTES unread, the socket is closed with 1013 "try again later" — the app
 * reconnects and resumes — and cut a second later if the peer cannot even read that.
 */
import type { WebSocket } from "ws";

const MAX_BUFFERED_BYTES = 16 * 1024 * 1024;
/** How long a dropped peer gets to read its close frame before the connection is cut. */
const CLOSE_GRACE_MS = 1000;

/** Sends `message` as JSON if the socket is open and keeping up; drops the socket if it is not. */
export function sendJson(ws: WebSocket, message: unknown): void {
  if (ws.readyState !== ws.OPEN) return;
  if (ws.bufferedAmount > MAX_BUFFERED_BYTES) return drop(ws);
  ws.send(JSON.stringify(message));
}

function drop(ws: WebSocket): void {
  ws.close(1013, `too slow: more than ${MAX_BUFFERED_BYTES / (1024 * 1024)} MB unread`);
  setTimeout(() => ws.terminate(), CLOSE_GRACE_MS).unref();
}
