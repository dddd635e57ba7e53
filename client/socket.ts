/**
 * The app's one WebSocket to the server. Views subscribe to a workbook and hear its messages;
 * when the connection drops, it reconnects with a growing delay (×1.5 from 1 s up to 30 s) and
 * subscribes again to every workbook still watched, so the server resends their full state.
 * The alerts page watches every workbook's alert news instead; it is told again after a
 * reconnection, since news sent meanwhile is lost. Replays asked for on a connection end with
 * it: the server stops them when the socket closes, so their listeners hear an error. A workbook
 * may be watched with param values (a reader's inputs); when the server closes that session to
 * make room for others, the socket asks for it again.
 */
import type { ClientMessage, ReplayRequest, ServerMessage } from "../server/protocol/index.ts";

/** What a replay's listener hears: progress, then its result or its error. */
export type ReplayMessage = Extract<ServerMessage, { type: "replayProgress" | "replayResult" | "replayError" }>;
/** What a workbook's listeners hear: every message but a replay's, which goes to the replay's own listener. */
export type WorkbookMessage = Exclude<ServerMessage, ReplayMessage>;
export type Listener = (message: WorkbookMessage) => void;
export type ConnectionStatus = "connecting" | "open" | "closed";

const FIRST_DELAY_MS = 1000;
const MAX_DELAY_MS = 30_000;
const BACKOFF = 1.5;

export class LiveSocket {
  private socket: WebSocket | undefined;
  private delay = FIRST_DELAY_MS;
  private retry: ReturnType<typeof setTimeout> | undefined;
  private readonly listeners = new Map<string, Set<Listener>>();
  /** The param values each watched workbook runs with, as URL text. */
  private readonly params = new Map<string, Record<string, string>>();
  private readonly statusListeners = new Set<(status: ConnectionStatus) => void>();
  private readonly alertWatchers = new Set<() => void>();
  private readonly replays = new Map<number, (message: ReplayMessage) => void>();
  private lastReplayId = 0;
  private opened = false;

  constructor(private readonly url = `${location.protocol === "https:" ? "wss" : "ws"}://${location.host}/ws`) {
    this.connect();
  }

  /** Starts hearing a workbook's messages (the server answers with its full state); returns the unsubscribe. */
  subscribe(path: string, listener: Listener, params: Record<string, string> = {}): () => void {
    let listeners = this.listeners.get(path);
    if (!listeners) {
      listeners = new Set();
      this.listeners.set(path, listeners);
      this.params.set(path, params);
      this.send({ type: "subscribe", path, params });
    }
    listeners.add(listener);
    return () => {
      listeners.delete(listener);
      if (listeners.size > 0 || this.listeners.get(path) !== listeners) return;
      this.listeners.delete(path);
      this.params.delete(path);
      this.send({ type: "unsubscribe", path });
    };
  }

  /** Runs a watched workbook with these param values from now on: the server answers with its full state. */
  setParams(path: string, params: Record<string, string>): void {
    if (!this.listeners.has(path)) return;
    this.params.set(path, params);
    this.send({ type: "subscribe", path, params });
  }

  /** Calls `listener` whenever any workbook's alerts may have changed; returns the stop function. */
  watchAlerts(listener: () => void): () => void {
    if (this.alertWatchers.size === 0) this.send({ type: "watchAlerts" });
    this.alertWatchers.add(listener);
    return () => {
      if (this.alertWatchers.delete(listener) && this.alertWatchers.size === 0) this.send({ type: "unwatchAlerts" });
    };
  }

  /**
   * Asks the server to replay `request`; `listener` hears its progress, then its result or
   * error (a newer replay of the same rule cancels it). Returns the cancel function.
   */
  replay(request: ReplayRequest, listener: (message: ReplayMessage) => void): () => void {
    const id = ++this.lastReplayId;
    if (!this.send({ type: "replay", id, request })) {
      listener({ type: "replayError", id, message: "not connected to the server; try again", cancelled: true });
      return () => undefined;
    }
    this.replays.set(id, listener);
    return () => {
      if (this.replays.delete(id)) this.send({ type: "cancelReplay", id });
    };
  }

  /** Runs a watched workbook's `index`-th cell again, and what depends on it (a preview). */
  runCell(path: string, index: number): void {
    if (this.listeners.has(path)) this.send({ type: "run", path, index });
  }

  /** Asks the server for a workbook's full state again. */
  refresh(path: string): void {
    if (!this.listeners.has(path)) return;
    this.send({ type: "unsubscribe", path });
    this.send({ type: "subscribe", path, params: this.params.get(path) });
  }

  /** Hears connection changes, starting with the current one; returns the unsubscribe. */
  onStatus(listener: (status: ConnectionStatus) => void): () => void {
    this.statusListeners.add(listener);
    listener(this.status());
    return () => this.statusListeners.delete(listener);
  }

  private status(): ConnectionStatus {
    if (this.socket?.readyState === WebSocket.OPEN) return "open";
    return this.retry === undefined ? "connecting" : "closed";
  }

  private connect(): void {
    this.retry = undefined;
    const socket = new WebSocket(this.url);
    this.socket = socket;
    this.emitStatus();
    socket.addEventListener("open", () => {
      this.delay = FIRST_DELAY_MS;
      for (const path of this.listeners.keys()) this.send({ type: "subscribe", path, params: this.params.get(path) });
      if (this.alertWatchers.size > 0) {
        this.send({ type: "watchAlerts" });
        if (this.opened) for (const listener of this.alertWatchers) listener();
      }
      this.opened = true;
      this.emitStatus();
    });
    socket.addEventListener("message", (event) => this.dispatch(JSON.parse(String(event.data)) as ServerMessage));
    socket.addEventListener("close", () => {
      for (const [id, listener] of this.replays)
        listener({
          type: "replayError",
          id,
          message: "the connection to the server was lost; replay again",
          cancelled: true,
        });
      this.replays.clear();
      this.retry = setTimeout(() => this.connect(), this.delay);
      this.delay = Math.min(this.delay * BACKOFF, MAX_DELAY_MS);
      this.emitStatus();
    });
  }

  /** Sends `message` if the socket is open; returns whether it was sent. */
  private send(message: ClientMessage): boolean {
    if (this.socket?.readyState !== WebSocket.OPEN) return false;
    this.socket.send(JSON.stringify(message));
    return true;
  }

  private dispatch(message: ServerMessage): void {
    switch (message.type) {
      case "workbook":
        return this.deliver(message.workbook.path, message);
      case "changed":
        if (message.topic === "alerts") for (const listener of this.alertWatchers) listener();
        return this.deliver(message.path, message);
      case "cell":
      case "removed":
      case "params":
        return this.deliver(message.path, message);
      case "closed":
        // Asked again after a pause, so viewers past the cap take turns rather than all at once.
        setTimeout(() => this.setParams(message.path, this.params.get(message.path) ?? {}), FIRST_DELAY_MS);
        return this.deliver(message.path, message);
      case "replayProgress":
        return this.replays.get(message.id)?.(message);
      case "replayResult":
      case "replayError": {
        const listener = this.replays.get(message.id);
        this.replays.delete(message.id);
        return listener?.(message);
      }
      case "error":
        // Errors name no workbook: every view hears them.
        for (const path of this.listeners.keys()) this.deliver(path, message);
        return;
      default: {
        const unknown: never = message;
        console.warn("driftbook: unknown message", unknown);
      }
    }
  }

  private deliver(path: string, message: WorkbookMessage): void {
    for (const listener of this.listeners.get(path) ?? []) listener(message);
  }

  private emitStatus(): void {
    const status = this.status();
    for (const listener of this.statusListeners) listener(status);
  }
}
