/**
 * The replays an editor socket asked for (issue 19). Each runs on the server with its own
 * AbortSignal, and is cancelled when the browser asks, when a new replay of the same rule (or
 * change) of the same workbook starts, when the socket closes, and when the file changes in a
 * way that makes the answer stale: a new source of a cell the replay runs (for a rule, its cell
 * and the cells it depends on; for a change's impact, those of every rule and metric), or new
 * params. So no cell process works on for an answer nobody will use. What a replay computes is the engine's (editorReplay.ts).
 */
import type { ReplayRequest, ReplayResult, ServerMessage } from "../protocol/index.ts";
import { REPLAY_RANGES, REPLAY_STEPS } from "../protocol/index.ts";
import { GitInputError } from "../git/inputs.ts";
import { replayedCells } from "../replay/replay.ts";
import { workbookFromText, type LoadedWorkbook } from "../workspace/workbookFile.ts";
import type { Workspace } from "../workspace/workspace.ts";
import { NoSuchWorkbook, type Sessions } from "./sessions.ts";

/** Computes a replay of `workbook` (the file as the request found it), telling of each step done. */
export type ReplayEngine = (
  request: ReplayRequest,
  workbook: LoadedWorkbook,
  context: { signal: AbortSignal; onProgress: (done: number, total: number) => void },
) => Promise<ReplayResult>;

/** Why a replay stopped early: the reason travels to the browser as the replay's error. */
class ReplayCancelled extends Error {}

interface Running {
  key: string;
  controller: AbortController;
  stopWatching: () => void;
}

/** Makes each editor socket's replay channel over the server's workbooks. */
export class Replays {
  constructor(
    private readonly deps: { workspace: Workspace; sessions: Pick<Sessions, "onFileChanged">; engine: ReplayEngine },
  ) {}

  channel(send: (message: ServerMessage) => void): ReplayChannel {
    return new ReplayChannel(this.deps, send);
  }
}

export class ReplayChannel {
  private readonly running = new Map<number, Running>();

  constructor(
    private readonly deps: { workspace: Workspace; sessions: Pick<Sessions, "onFileChanged">; engine: ReplayEngine },
    private readonly send: (message: ServerMessage) => void,
  ) {}

  /** Starts the replay `id`; its progress, then its result or error, are sent as they come. */
  async start(id: number, request: unknown): Promise<void> {
    let checked: ReplayRequest;
    try {
      checked = checkReplayRequest(request);
    } catch (error) {
      return this.send({ type: "replayError", id, message: (error as Error).message, cancelled: false });
    }
    // The diff view shows one change at a time: a new impact of a workbook replaces the last one.
    const key = `${checked.kind}\u0000${checked.path}\u0000${checked.kind === "rule" ? checked.rule : ""}`;
    this.stop(id, "a new replay took its id");
    for (const [other, running] of this.running)
      if (running.key === key) this.stop(other, "a newer replay of the same rule started");
    const controller = new AbortController();
    const entry: Running = { key, controller, stopWatching: () => undefined };
    this.running.set(id, entry);
    try {
      const file = await this.deps.workspace.read(checked.path);
      if (!file) throw new NoSuchWorkbook(checked.path);
      const workbook = workbookFromText(checked.path, file.text);
      const stale = staleness(checked, workbook);
      entry.stopWatching = this.deps.sessions.onFileChanged((path, text) => {
        if (path === checked.path && stale(text)) this.stop(id, `${path} changed while it replayed: replay again`);
      });
      controller.signal.throwIfAborted();
      const result = await this.deps.engine(checked, workbook, {
        signal: controller.signal,
        onProgress: (done, total) => {
          if (!controller.signal.aborted) this.send({ type: "replayProgress", id, done, total });
        },
      });
      controller.signal.throwIfAborted();
      this.send({ type: "replayResult", id, result });
    } catch (error) {
      const reason = controller.signal.aborted ? controller.signal.reason : error;
      const cancelled = reason instanceof ReplayCancelled;
      if (!cancelled && ![NoSuchWorkbook, ReplayInputError, GitInputError].some((kind) => error instanceof kind))
        console.error(`replaying ${checked.path}:`, error);
      this.send({ type: "replayError", id, message: (reason as Error).message, cancelled });
    } finally {
      entry.stopWatching();
      if (this.running.get(id) === entry) this.running.delete(id);
    }
  }

  /** The browser no longer wants the replay `id`. */
  cancel(id: number): void {
    this.stop(id, "cancelled");
  }

  /** The socket closed: every replay it asked for stops. */
  close(): void {
    for (const id of [...this.running.keys()]) this.stop(id, "the connection closed");
  }

  private stop(id: number, why: string): void {
    const running = this.running.get(id);
    if (!running) return;
    this.running.delete(id);
    running.stopWatching();
    running.controller.abort(new ReplayCancelled(why));
  }
}

/** A replay request the server cannot use, with the field to fix. */
export class ReplayInputError extends Error {}

/** `request` as a ReplayRequest, or an error naming the field that is wrong. */
export function checkReplayRequest(request: unknown): ReplayRequest {
  const fields = (request ?? {}) as Record<string, unknown>;
  const text = (name: string): string => {
    const value = fields[name];
    if (typeof value !== "string" || value === "")
      throw new ReplayInputError(`replay: "${name}" must be a non-empty string`);
    return value;
  };
  const oneOf = <T extends string>(name: string, allowed: readonly T[]): T => {
    const value = text(name);
    if (!(allowed as readonly string[]).includes(value))
      throw new ReplayInputError(
        `replay: "${name}" must be one of ${allowed.join(", ")}, not ${JSON.stringify(value)}`,
      );
    return value as T;
  };
  const kind = oneOf("kind", ["rule", "impact"] as const);
  const path = text("path");
  if (kind === "impact") return { kind, path, rev: text("rev") };
  return { kind, path, rule: text("rule"), range: oneOf("range", REPLAY_RANGES), every: oneOf("every", REPLAY_STEPS) };
}

/**
 * Tells whether a new text of the file makes the replay of `request` over `workbook` stale: when
 * a cell the replay runs (for a rule, its cell and the cells it depends on; for an impact, every
 * rule's and metric's), or the params, changed.
 */
function staleness(request: ReplayRequest, workbook: LoadedWorkbook): (text: string | undefined) => boolean {
  const rules = request.kind === "rule" ? [request.rule] : undefined;
  const before = replayFingerprint(workbook, rules);
  return (text) => text === undefined || replayFingerprint(workbookFromText(request.path, text), rules) !== before;
}

/** The content ids of the cells a replay of `rules` (all when undefined) runs, with the params: what it reads of the file. */
export function replayFingerprint(workbook: LoadedWorkbook, rules?: string[]): string {
  try {
    const { cells } = replayedCells(workbook.analysis, rules);
    return JSON.stringify([cells.map((cell) => cell.id).sort(), workbook.paramDefaults]);
  } catch {
    return ""; // a rule is gone
  }
}
