/**
 * Live workbooks: one runtime host per workbook that someone is looking at, kept in step with
 * the file on disk. The file is the truth: when it changes (an editor, git checkout, another
 * program) the session re-parses it and the host redefines only the cells that changed.
 */
import { watch, type FSWatcher } from "node:fs";
import { readFile } from "node:fs/promises";
import { workbookFromText, type LoadedWorkbook } from "../files/workbookFile.ts";
import type { Workspace } from "../files/workspace.ts";
import { HttpError } from "./httpError.ts";
import { RuntimeHost, type HostOptions } from "../runtime/host.ts";
import { resolveParams } from "../runtime/stdlib/params.ts";

export interface LiveWorkbook {
  /** Path relative to the workbooks folder. */
  path: string;
  workbook: LoadedWorkbook;
  host: RuntimeHost;
}

export class Sessions {
  private readonly live = new Map<string, Promise<LiveWorkbook>>();
  private watcher: FSWatcher | undefined;

  constructor(
    private readonly workspace: Workspace,
    private readonly hostOptions: HostOptions,
  ) {}

  /** The live workbook at `path`, started on first use. */
  open(path: string): Promise<LiveWorkbook> {
    let session = this.live.get(path);
    if (!session) {
      session = this.start(path);
      this.live.set(path, session);
      session.catch(() => this.live.delete(path));
      this.watch();
    }
    return session;
  }

  /** A model's data changed: each live workbook re-runs the cells that read it. */
  dataChanged(model: string): void {
    for (const session of this.live.values()) {
      session.then((live) => live.host.dataChanged([model])).catch(() => undefined);
    }
  }

  async close(): Promise<void> {
    this.watcher?.close();
    const sessions = await Promise.allSettled(this.live.values());
    this.live.clear();
    await Promise.all(sessions.map((s) => (s.status === "fulfilled" ? s.value.host.close() : undefined)));
  }

  private async start(path: string): Promise<LiveWorkbook> {
    const file = await this.workspace.resolve(path);
    const text = await readFile(file, "utf8").catch((error: NodeJS.ErrnoException) => {
      throw error.code === "ENOENT" ? new HttpError(404, `no such workbook: ${path}`) : error;
    });
    const workbook = workbookFromText(path, text);
    const host = new RuntimeHost(this.hostOptions);
    host.load(workbook.analysis, resolveParams(workbook.paramDefaults, {}));
    return { path, workbook, host };
  }

  /** Re-reads a live workbook whose file changed; the host keeps the values of unchanged cells. */
  private async reload(path: string): Promise<void> {
    const session = await this.live.get(path)?.catch(() => undefined);
    if (!session) return;
    const text = await readFile(await this.workspace.resolve(path), "utf8").catch(() => undefined);
    if (text === undefined || text === session.workbook.text) return;
    session.workbook = workbookFromText(path, text);
    session.host.load(session.workbook.analysis, resolveParams(session.workbook.paramDefaults, {}));
  }

  private watch(): void {
    if (this.watcher) return;
    this.watcher = watch(this.workspace.root, { recursive: true }, (_event, filename) => {
      if (filename) void this.reload(filename.split("\\").join("/"));
    });
  }
}
