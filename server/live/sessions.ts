/**
 * The live workbooks of the server: one LiveWorkbook per workbook that someone opened (an editor
 * or a share link), started on first use, and the watchers that tell each one when its file
 * changes on disk. New data for a model wakes only the live workbooks that read it. A workbook
 * nobody has watched for the idle time is closed, ending its cell process (as Jupyter Server
 * culls idle kernels); the next viewer starts it again.
 */
import { watch, type FSWatcher } from "node:fs";
import { readdir, stat } from "node:fs/promises";
import { join } from "node:path";
import { PathError, versionOf, type Workspace } from "../workspace/workspace.ts";
import type { HostOptions } from "../runtime/host.ts";
import { LiveWorkbook, type AlertPreviews } from "./liveWorkbook.ts";

/** The default of `--idle-close`: how long a live workbook with no subscriber stays open. */
export const DEFAULT_IDLE_CLOSE_MS = 10 * 60_000;

/** A live workbook asked for by a path that names no workbook file. */
export class NoSuchWorkbook extends Error {
  constructor(readonly path: string) {
    super(`no such workbook: ${path}`);
  }
}

/** Told of each new version of a workbook file: its text, or undefined when the file is gone. */
export type FileListener = (path: string, text: string | undefined) => void;

export class Sessions {
  private readonly live = new Map<string, Promise<LiveWorkbook>>();
  private readonly idleTimers = new Map<string, NodeJS.Timeout>();
  private alerts: AlertPreviews | undefined;
  /** One non-recursive watcher per folder: Node 20's recursive watch on Linux follows files, and loses one replaced by an atomic save. */
  private readonly watchers = new Map<string, FSWatcher>();
  private readonly fileListeners = new Set<FileListener>();
  /** The version of each file last handled, so the watcher's echo of a save is not handled twice. */
  private readonly versions = new Map<string, string>();

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
      session.then(
        (live) => live.onSubscribers((count) => this.closeWhenUnwatched(path, started, live, count)),
        () => this.live.delete(path),
      );
      this.watch();
    }
    return session;
  }

  /** Calls `listener` with every new version of a workbook file; returns the unsubscribe function. */
  onFileChanged(listener: FileListener): () => void {
    this.fileListeners.add(listener);
    return () => this.fileListeners.delete(listener);
  }

  /**
   * A workbook file changed: a save through the API hands on the text it wrote (`null` when it
   * removed the file); a change on disk is read. A version already handled is ignored. The
   * listeners and the live workbook get the new text; a workbook moved away tells its editors
   * where it went (`movedTo`).
   */
  async fileChanged(path: string, written?: string | null, movedTo?: string): Promise<void> {
    const text =
      written === undefined ? (await this.workspace.read(path).catch(() => undefined))?.text : (written ?? undefined);
    const version = text === undefined ? undefined : versionOf(text);
    if (version !== undefined && this.versions.get(path) === version) return;
    if (version === undefined) this.versions.delete(path);
    else this.versions.set(path, version);
    for (const listener of this.fileListeners) listener(path, text);
    const session = await this.live.get(path)?.catch(() => undefined);
    if (!session) return;
    if (text !== undefined) {
      session.update(text);
    } else {
      this.live.delete(path);
      session.removed(movedTo);
      await session.close();
    }
  }

  /**
   * From now on, live workbooks show where their alert rules would go from the stored state, and
   * show it again when a production run changes that state (news of the topic `alerts`).
   */
  enableAlertPreviews(alerts: AlertPreviews): void {
    this.alerts = alerts;
    alerts.changes.listen((path, topic) => {
      if (topic === "alerts")
        void this.live.get(path)?.then(
          (live) => live.alertsChanged(),
          () => undefined,
        );
    });
  }

  /** A model's data changed: the live workbooks that read it re-run those cells. Resolves with their paths. */
  async dataChanged(model: string): Promise<string[]> {
    const woken = await Promise.all(
      [...this.live].map(([path, session]) =>
        session.then(
          (live) => (live.dataChanged(model) ? [path] : []),
          () => [],
        ),
      ),
    );
    return woken.flat();
  }

  async close(): Promise<void> {
    for (const timer of this.idleTimers.values()) clearTimeout(timer);
    this.idleTimers.clear();
    for (const watcher of this.watchers.values()) watcher.close();
    this.watchers.clear();
    const sessions = await Promise.allSettled(this.live.values());
    this.live.clear();
    await Promise.all(sessions.map((s) => (s.status === "fulfilled" ? s.value.close() : undefined)));
  }

  /** With no subscriber left, closes the workbook after the idle time unless one comes back first. */
  private closeWhenUnwatched(
    path: string,
    session: Promise<LiveWorkbook>,
    live: LiveWorkbook,
    subscribers: number,
  ): void {
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
    if (!file) throw new NoSuchWorkbook(path);
    return new LiveWorkbook(path, file.text, { ...this.hostOptions, workbookId: path }, this.alerts);
  }

  private watch(): void {
    if (this.watchers.size === 0) this.watchFolder("");
  }

  /** Watches `folder` (relative to the root) and, as they appear, the folders inside it. */
  private watchFolder(folder: string): void {
    if (this.watchers.has(folder) || folder.split("/").some((part) => part.startsWith(".") || part === "node_modules"))
      return;
    const full = join(this.workspace.root, folder);
    let watcher: FSWatcher;
    try {
      watcher = watch(full, (_event, filename) => {
        if (!filename) return;
        const path = folder ? `${folder}/${filename}` : filename;
        if (!path.endsWith(".md")) {
          void stat(join(this.workspace.root, path)).then(
            (info) => info.isDirectory() && this.watchFolder(path),
            () => undefined,
          );
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
      (entries) =>
        entries
          .filter((entry) => entry.isDirectory())
          .forEach((entry) => this.watchFolder(folder ? `${folder}/${entry.name}` : entry.name)),
      () => undefined,
    );
  }
}
