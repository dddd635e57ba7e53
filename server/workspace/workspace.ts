/**
 * The workbooks folder: lists workbook files and resolves a workbook path given by a user or a
 * URL to a file that is certainly inside the folder.
 */
import { createHash, randomBytes } from "node:crypto";
import { linkSync, renameSync, unlinkSync } from "node:fs";
import { link, mkdir, readFile, readdir, realpath, unlink, writeFile } from "node:fs/promises";
import { basename, dirname, isAbsolute, join, relative, resolve, sep } from "node:path";

/** A workbook path that does not name a file inside the workbooks folder. */
export class PathError extends Error {}

/** The workbooks folder itself cannot be read; the message names it, says why and what to do. */
export class WorkbooksFolderError extends Error {
  constructor(root: string, error: NodeJS.ErrnoException) {
    const [reason, hint] =
      error.code === "ENOENT"
        ? ["it does not exist", "create it, or run driftbook init to set up a project with a workbooks folder"]
        : error.code === "ENOTDIR"
          ? ["it is not a folder", "give --workbooks the folder that holds the workbooks"]
          : error.code === "EACCES" || error.code === "EPERM"
            ? ["no permission to read it", "let the user running Driftbook read it"]
            : [error.message, "give --workbooks a folder that can be read"];
    super(`cannot read the workbooks folder ${root}: ${reason}; ${hint}`);
  }
}

/** A save, create or rename that would overwrite what the caller has not seen. */
export class ConflictError extends Error {
  constructor(
    message: string,
    /** The version on disk now (undefined when the file does not exist). */
    readonly current: { version: string; text: string } | undefined,
  ) {
    super(message);
  }
}

/**
 * Runs a file change (given as `change`) together with another step, such as a database
 * transaction that calls `change` last, so that a failure of either undoes the other. The change
 * is synchronous so that nothing else runs between it and the step around it.
 */
export type Alongside = (change: () => void) => void;

const ALONE: Alongside = (change) => change();

/** A file's version: the first 16 hex digits of the SHA-256 of its bytes. */
export function versionOf(text: string): string {
  return createHash("sha256").update(text).digest("hex").slice(0, 16);
}

export class Workspace {
  readonly root: string;
  /** The last pending write per file: writes to one file run one after another, so check-then-write is atomic here. */
  private readonly writing = new Map<string, Promise<unknown>>();

  constructor(root: string) {
    this.root = resolve(root);
  }

  /** Refuses, with a WorkbooksFolderError, a workbooks folder that cannot be read: before anything relies on it. */
  async checkReadable(): Promise<void> {
    await readdir(this.root).catch((error: NodeJS.ErrnoException) => {
      throw new WorkbooksFolderError(this.root, error);
    });
  }

  /**
   * Workbook paths relative to the root, `/`-separated, sorted; hidden folders and node_modules
   * skipped. A root that cannot be read throws a WorkbooksFolderError.
   */
  async list(): Promise<string[]> {
    const found: string[] = [];
    const walk = async (dir: string): Promise<void> => {
      for (const entry of await readdir(dir, { withFileTypes: true })) {
        if (entry.name.startsWith(".") || entry.name === "node_modules") continue;
        const full = join(dir, entry.name);
        if (entry.isDirectory()) await walk(full);
        else if (entry.isFile() && entry.name.endsWith(".md"))
          found.push(relative(this.root, full).split(sep).join("/"));
      }
    };
    await walk(this.root).catch((error: NodeJS.ErrnoException) => {
      throw error.path === this.root ? new WorkbooksFolderError(this.root, error) : error;
    });
    return found.sort();
  }

  /**
   * The absolute path of a workbook named relative to the root. Rejects absolute paths, `..`
   * segments, NUL bytes, non-Markdown names, and symbolic links that lead outside the root:
   * for a file that does not exist yet (create, rename), those of the folders it would go in.
   */
  async resolve(path: string): Promise<string> {
    if (!path || path.includes("\0")) throw new PathError("a workbook path must not be empty or contain NUL");
    if (isAbsolute(path) || /^[a-zA-Z]:/.test(path))
      throw new PathError(`workbook path must be relative to the workbooks folder: ${path}`);
    if (path.split(/[\\/]/).some((segment) => segment === ".."))
      throw new PathError(`workbook path must not contain "..": ${path}`);
    if (!path.endsWith(".md")) throw new PathError(`a workbook is a .md file: ${path}`);
    const full = resolve(this.root, path);
    if (!this.contains(full)) throw new PathError(`workbook path leaves the workbooks folder: ${path}`);
    await this.ensureInside(full, path);
    return full;
  }

  /** Refuses `full` when its real location (symbolic links resolved, up to its deepest existing folder) is outside the root. */
  private async ensureInside(full: string, path: string): Promise<void> {
    const realRoot = await realpath(this.root).catch(() => this.root);
    const real = await realLocation(full);
    if (real !== realRoot && !real.startsWith(realRoot + sep))
      throw new PathError(`workbook path leads outside the workbooks folder: ${path}`);
  }

  /** Makes the folders a new workbook goes in, then checks again that they are inside the root (a folder swapped for a link meanwhile). */
  private async makeFolderFor(full: string, path: string): Promise<void> {
    await mkdir(dirname(full), { recursive: true });
    await this.ensureInside(dirname(full), path);
  }

  /** The workbook's text and version, or undefined when there is no such file. */
  async read(path: string): Promise<{ text: string; version: string } | undefined> {
    const text = await readFile(await this.resolve(path), "utf8").catch((error: NodeJS.ErrnoException) => {
      if (error.code === "ENOENT") return undefined;
      throw error;
    });
    return text === undefined ? undefined : { text, version: versionOf(text) };
  }

  /**
   * Saves atomically (a temporary file renamed over the old one, so a reader never sees half a
   * file) and only if the file is still at `expectedVersion`; otherwise a ConflictError carries
   * the current version and nothing is written. The replacement happens inside `alongside`.
   */
  async save(path: string, text: string, expectedVersion: string, alongside: Alongside = ALONE): Promise<string> {
    const full = await this.resolve(path);
    return this.serially(full, async () => {
      const current = await this.read(path);
      if (!current) throw new ConflictError(`${path} no longer exists`, undefined);
      if (current.version !== expectedVersion)
        throw new ConflictError(`${path} changed since version ${expectedVersion}`, current);
      const temp = await this.writeTemp(full, text);
      try {
        alongside(() => renameSync(temp, full));
      } catch (error) {
        await unlink(temp).catch(() => undefined);
        throw error;
      }
      return versionOf(text);
    });
  }

  /** Creates a new workbook; refuses to replace an existing file. */
  async create(path: string, text: string): Promise<string> {
    const full = await this.resolve(path);
    await this.makeFolderFor(full, path);
    const temp = await this.writeTemp(full, text);
    try {
      // link() fails when the target exists, so a concurrent create cannot be overwritten.
      await link(temp, full);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === "EEXIST")
        throw new ConflictError(`${path} already exists`, await this.read(path));
      throw error;
    } finally {
      await unlink(temp).catch(() => undefined);
    }
    return versionOf(text);
  }

  async remove(path: string): Promise<boolean> {
    return unlink(await this.resolve(path)).then(
      () => true,
      (error: NodeJS.ErrnoException) => {
        if (error.code === "ENOENT") return false;
        throw error;
      },
    );
  }

  /**
   * Renames or moves a workbook inside the folder (real paths checked by resolve); refuses to
   * replace an existing file. The rename happens inside `alongside`.
   */
  async rename(from: string, to: string, alongside: Alongside = ALONE): Promise<void> {
    const source = await this.resolve(from);
    const target = await this.resolve(to);
    await this.makeFolderFor(target, to);
    try {
      alongside(() => {
        // link() fails when the target exists, so a file created meanwhile is never replaced.
        linkSync(source, target);
        unlinkSync(source);
      });
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code === "EEXIST") throw new ConflictError(`${to} already exists`, await this.read(to));
      if (code === "ENOENT") throw new PathError(`no such workbook: ${from}`);
      throw error;
    }
  }

  private serially<T>(full: string, write: () => Promise<T>): Promise<T> {
    const previous = this.writing.get(full) ?? Promise.resolve();
    const next = previous.catch(() => undefined).then(write);
    this.writing.set(full, next);
    void next
      .finally(() => {
        if (this.writing.get(full) === next) this.writing.delete(full);
      })
      .catch(() => undefined);
    return next;
  }

  /** A temporary file beside `full` (same file system, so rename and link are atomic), hidden from list(). */
  private async writeTemp(full: string, text: string): Promise<string> {
    const temp = join(dirname(full), `.${randomBytes(6).toString("hex")}.tmp`);
    await writeFile(temp, text, { flag: "wx" });
    return temp;
  }

  private contains(full: string): boolean {
    return full.startsWith(this.root + sep);
  }
}

/** The real path of `full`, or, when it does not exist, that of its deepest existing folder with the rest of the path appended. */
async function realLocation(full: string): Promise<string> {
  try {
    return await realpath(full);
  } catch (error) {
    const parent = dirname(full);
    if ((error as NodeJS.ErrnoException).code !== "ENOENT" || parent === full) return full;
    return join(await realLocation(parent), basename(full));
  }
}
