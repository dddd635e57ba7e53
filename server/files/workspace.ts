/**
 * The workbooks folder: lists workbook files and resolves a workbook path given by a user or a
 * URL to a file that is certainly inside the folder.
 */
import { readdir, realpath } from "node:fs/promises";
import { isAbsolute, join, relative, resolve, sep } from "node:path";

/** A workbook path that does not name a file inside the workbooks folder. */
export class PathError extends Error {}

export class Workspace {
  readonly root: string;

  constructor(root: string) {
    this.root = resolve(root);
  }

  /** Workbook paths relative to the root, `/`-separated, sorted; hidden folders and node_modules skipped. */
  async list(): Promise<string[]> {
    const found: string[] = [];
    const walk = async (dir: string): Promise<void> => {
      for (const entry of await readdir(dir, { withFileTypes: true })) {
        if (entry.name.startsWith(".") || entry.name === "node_modules") continue;
        const full = join(dir, entry.name);
        if (entry.isDirectory()) await walk(full);
        else if (entry.isFile() && entry.name.endsWith(".md")) found.push(relative(this.root, full).split(sep).join("/"));
      }
    };
    await walk(this.root);
    return found.sort();
  }

  /**
   * The absolute path of a workbook named relative to the root. Rejects absolute paths, `..`
   * segments, NUL bytes, non-Markdown names, and symbolic links that lead outside the root.
   */
  async resolve(path: string): Promise<string> {
    if (!path || path.includes("\0")) throw new PathError("a workbook path must not be empty or contain NUL");
    if (isAbsolute(path) || /^[a-zA-Z]:/.test(path)) throw new PathError(`workbook path must be relative to the workbooks folder: ${path}`);
    if (path.split(/[\\/]/).some((segment) => segment === "..")) throw new PathError(`workbook path must not contain "..": ${path}`);
    if (!path.endsWith(".md")) throw new PathError(`a workbook is a .md file: ${path}`);
    const full = resolve(this.root, path);
    if (!this.contains(full)) throw new PathError(`workbook path leaves the workbooks folder: ${path}`);
    const real = await realpath(full).catch(() => full);
    const realRoot = await realpath(this.root).catch(() => this.root);
    if (real !== realRoot && !real.startsWith(realRoot + sep)) throw new PathError(`workbook path leads outside the workbooks folder: ${path}`);
    return full;
  }

  private contains(full: string): boolean {
    return full.startsWith(this.root + sep);
  }
}
