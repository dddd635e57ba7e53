/**
 * The live workbooks of the server: one LiveWorkbook per workbook that someone opened (an editor
 * or a share link), started on first use, and the watchers that tell each one when its file
 * changes on disk. New data for a model reaches every live workbook that reads it. A workbook
 * nobody has watched for the idle time is closed, ending its cell process (as Jupyter Server
 * culls idle kernels); the next viewer starts it again.
 */
import { watch, type FSWatcher } from "node:fs";
import { readdir, stat } from "node:fs/promises";
import { join } from "node:path";
import { PathError, type Workspace } from "../files/workspace.ts";
import type { HostOptions } from "../runtime/host.ts";
import { HttpError } from "./httpError.ts";
import { LiveWorkbook, type Recording } from "./liveWorkbook.ts";

/** The default of `--idle-close`: how long a live workbook with no subscriber stays open. */
export const DEFAULT_IDLE_CLOSE_MS = 10 * 60_000;

export class Sessions {
  private readonly live = new Map<string, Promise<LiveWorkbook>>();
  private readonly idleTimers = new Map<string, NodeJS.Timeout>();
  private recording: Recording | undefined;
  /** One non-recursive watcher per folder: Node 20's recursive watch on Linux follows files, and loses one replaced by an atomic save. */
  private readonly watchers = new Map<string, FSWatcher>();
  private readonly fileListeners = new Set<(path: string) => void>();

  constructor(
    private readonly workspace: Workspace,
    private readonly hostOptions: HostOptions,
    private readonly idleCloseMs = DEFAULT_IDLE_CLOSE_MS,
  ) {}

  /** The live workbook at `path`, started on first use. */
  open(path: string): Promise<LiveWorkbook> {
    let session = this.live.get(path);
    if (!session) {
      const started = (session = this.start(path));
      this.live.set(path, session);
      session.then((live) => live.onSubscribers((count) => this.closeWhenUnwatched(path, started, live, count)), () => this.live.delete(path));
      this.watch();
    }
    return session;
  }

  /** Calls `listener` with the path of every workbook file that changes; returns the unsubscribe function. */
  onFileChanged(listener: (path: string) => void): () => void {
    this.fileListeners.add(listener);
    return () => this.fileListeners.delete(listener);
  }

  /** A workbook file changed (by the API or on disk): the live session follows it. */
  async fileChanged(path: string): Promise<void> {
    for (const listener of this.fileListeners) listener(path);
    const session = await this.live.get(path)?.catch(() => undefined);
    if (!session) return;
    const file = await this.workspace.read(path).catch(() => undefined);
    if (file) {
      session.update(file.text);
    } else {
      this.live.delete(path);
      session.removed();
      await session.close();
    }
  }

  /** From now on, live workbooks evaluate their alert rules after each run and record the runs new data causes. */
  enableRecording(recording: Recording): void {
    this.recording = recording;
  }

  /** A model's data changed: each live workbook re-runs the cells that read it. */
  dataChanged(model: string): void {
    for (const session of this.live.values()) {
      session.then((live) => live.dataChanged(model)).catch(() => undefined);
    }
  }

  async close(): Promise<void> {
    for (const timer of this.idleTimers.values()) clearTimeout(timer);
    this.idleTimers.clear();
    for (const watcher of this.watchers.values()) watcher.close();
    this.watchers.clear();
    const sessions = await Promise.allSettled(this.live.values());
    this.live.clear();
    await Promise.all(sessions.map((s) => (s.status === "fulfilled" ? s.value.close("the server shut down") : undefined)));
  }

  /** With no subscriber left, closes the workbook after the idle time unless one comes back first. */
  private closeWhenUnwatched(path: string, session: Promise<LiveWorkbook>, live: LiveWorkbook, subscribers: number): void {
    clearTimeout(this.idleTimers.get(path));
    this.idleTimers.delete(path);
    if (subscribers > 0) return;
    const timer = setTimeout(() => {
      this.idleTimers.delete(path);
      if (this.live.get(path) !== session) return; // closed or replaced meanwhile
      this.live.delete(path);
      live.close().catch((error) => console.error(`closing the idle workbook ${path}:`, error));
    }, this.idleCloseMs);
    this.idleTimers.set(path, timer.unref());
  }

  private async start(path: string): Promise<LiveWorkbook> {
    const file = await this.workspace.read(path);
    if (!file) throw new HttpError(404, `no such workbook: ${path}`);
    return new LiveWorkbook(path, join(this.workspace.root, path), file.text, { ...this.hostOptions, workbookId: path }, this.recording);
  }

  private watch(): void {
    if (this.watchers.size === 0) this.watchFolder("");
  }

  /** Watches `folder` (relative to the root) and, as they appear, the folders inside it. */
  private watchFolder(folder: string): void {
    if (this.watchers.has(folder) || folder.split("/").some((part) => part.startsWith(".") || part === "node_modules")) return;
    const full = join(this.workspace.root, folder);
    let watcher: FSWatcher;
    try {
      watcher = watch(full, (_event, filename) => {
        if (!filename) return;
        const path = folder ? `${folder}/${filename}` : filename;
        if (!path.endsWith(".md")) {
          void stat(join(this.workspace.root, path)).then((info) => info.isDirectory() && this.watchFolder(path), () => undefined);
          return;
        }
        if (path.split("/").some((part) => part.startsWith("."))) return;
        this.fileChanged(path).catch((error) => {
          if (!(error instanceof PathError)) console.error(`reloading ${path}:`, error);
        });
      });
    } catch {
      return; // the folder went away before it could be watched
    }
    watcher.on("error", () => {
      watcher.close();
      this.watchers.delete(folder);
    });
    this.watchers.set(folder, watcher);
    void readdir(full, { withFileTypes: true }).then(
      (entries) => entries.filter((entry) => entry.isDirectory()).forEach((entry) => this.watchFolder(folder ? `${folder}/${entry.name}` : entry.name)),
      () => undefined,
    );
  }
}
