/**
 * The git repository a workbooks folder lives in, seen from that folder: status, history,
 * old versions and one-file commits of workbooks named relative to the folder. Every path and
 * revision a user supplies is checked before it reaches git, and paths are always passed after
 * `--` (literally: see exec.ts).
 */
import { resolve } from "node:path";
import type { WorkbookCommit, WorkbookGitStatus } from "../protocol/git.ts";
import { authorFor, commitOneFile } from "./commit.ts";
import { git, GitError } from "./exec.ts";
import { LOG_ARGS, parseLog } from "./history.ts";
import { checkMessage, checkRevision, checkWorkbookPath, GitInputError, type GitAuthor } from "./inputs.ts";
import { parseStatus, STATUS_ARGS } from "./status.ts";

/** Where a folder sits in a git working tree. */
export interface WorkTree {
  /** The repository's top folder, as git prints it. */
  toplevel: string;
  /** The folder's path from the top, `/`-separated with a trailing `/`; "" at the top itself. */
  prefix: string;
}

/** The working tree `dir` is in; undefined when it is in none, or git is missing. */
export async function findWorkTree(dir: string): Promise<WorkTree | undefined> {
  try {
    const [toplevel, prefix] = (
      await git(["rev-parse", "--show-toplevel", "--show-prefix"], { cwd: dir, read: true })
    ).split("\n");
    return toplevel ? { toplevel, prefix } : undefined;
  } catch (error) {
    if (error instanceof GitError) return undefined;
    throw error;
  }
}

export class WorkbookRepo {
  /** The last commit under way: commits from this process go one after another, so none finds HEAD moved by another. */
  private committing: Promise<unknown> = Promise.resolve();

  private constructor(
    /** The workbooks folder, absolute. */
    readonly workbooksRoot: string,
    readonly workTree: WorkTree,
  ) {}

  /** The repository of the workbooks folder; undefined when the folder is not in a git working tree or git is missing. */
  static async open(workbooksRoot: string): Promise<WorkbookRepo | undefined> {
    const root = resolve(workbooksRoot);
    const workTree = await findWorkTree(root);
    return workTree && new WorkbookRepo(root, workTree);
  }

  /**
   * The state of workbooks against HEAD, by path relative to the workbooks folder. With
   * `paths`, one entry for each of them; without, an entry for each workbook in the folder that
   * is not clean (a workbook missing from the map is clean).
   */
  async status(paths?: string[]): Promise<Map<string, WorkbookGitStatus>> {
    const wanted = paths?.map(checkWorkbookPath);
    const states = new Map<string, WorkbookGitStatus>(wanted?.map((path) => [path, "clean"]));
    if (wanted?.length === 0) return states;
    const pathspecs = wanted
      ? wanted.map((path) => this.repoPath(path))
      : [this.workTree.prefix.replace(/\/$/, "") || "."];
    const listed = parseStatus(await this.run([...STATUS_ARGS, "--", ...pathspecs], true));
    for (const [repoPath, state] of listed) {
      if (!repoPath.startsWith(this.workTree.prefix) || !repoPath.endsWith(".md")) continue;
      const path = repoPath.slice(this.workTree.prefix.length);
      if (!wanted || states.has(path)) states.set(path, state);
    }
    return states;
  }

  /** The state of one workbook against HEAD ("clean" also for a file git has never seen and that does not exist). */
  async statusOf(path: string): Promise<WorkbookGitStatus> {
    return (await this.status([path])).get(path)!;
  }

  /** The commits that changed a workbook, newest first, following it across renames; [] before the first commit. */
  async log(path: string, { limit }: { limit?: number } = {}): Promise<WorkbookCommit[]> {
    const repoPath = this.repoPath(checkWorkbookPath(path));
    if (limit !== undefined && !(Number.isInteger(limit) && limit > 0))
      throw new GitInputError(`a history limit is a positive whole number, not ${limit}`);
    if (!(await this.head())) return [];
    const limitArgs = limit === undefined ? [] : [`--max-count=${limit}`];
    return parseLog(await this.run([...LOG_ARGS, "--follow", ...limitArgs, "--", repoPath], true));
  }

  /** A workbook's text at a revision; undefined when the file did not exist in that commit. */
  async show(path: string, revision: string): Promise<string | undefined> {
    const repoPath = this.repoPath(checkWorkbookPath(path));
    const commit = await this.resolveCommit(revision);
    const entry = await this.run(["ls-tree", "-z", commit, "--", repoPath], true);
    const [mode, type, blob] = entry.slice(0, entry.indexOf("\t")).split(" ");
    if (!mode || type !== "blob") return undefined;
    return this.run(["cat-file", "blob", blob], true);
  }

  /**
   * Commits this workbook alone, as it is on disk (its deletion when it is gone), leaving
   * everything else the user staged as it was. Throws NothingToCommitError when it matches
   * HEAD, GitInputError for an empty message or when no author is known. `by` names the person
   * (see authorFor).
   */
  async commitFile(path: string, message: string, author?: GitAuthor, by?: string): Promise<{ commit: string }> {
    const repoPath = this.repoPath(checkWorkbookPath(path));
    const text = checkMessage(message);
    // Queued at once, in call order: nothing awaits before a commit takes its place in line.
    const commit = this.committing.then(async () => {
      const identity = await authorFor(this.workTree.toplevel, author, by);
      const parent = await this.head();
      return {
        commit: await commitOneFile({
          toplevel: this.workTree.toplevel,
          path: repoPath,
          parent,
          message: text,
          author: identity,
        }),
      };
    });
    this.committing = commit.catch(() => undefined);
    return commit;
  }

  /** The commit HEAD points to; undefined before the first commit. */
  async head(): Promise<string | undefined> {
    try {
      return (await this.run(["rev-parse", "--verify", "--quiet", "HEAD^{commit}"], true)).trim();
    } catch (error) {
      if (error instanceof GitError && error.exitCode === 1) return undefined;
      throw error;
    }
  }

  /** The last commit that changed a workbook; undefined when none did. */
  async lastCommitOf(path: string): Promise<string | undefined> {
    const repoPath = this.repoPath(checkWorkbookPath(path));
    if (!(await this.head())) return undefined;
    return (await this.run(["log", "--max-count=1", "--format=%H", "--", repoPath], true)).trim() || undefined;
  }

  /** A checked revision as a full commit hash; GitInputError when it names no commit. */
  async resolveCommit(revision: string): Promise<string> {
    checkRevision(revision);
    try {
      return (
        await this.run(["rev-parse", "--verify", "--quiet", "--end-of-options", `${revision}^{commit}`], true)
      ).trim();
    } catch (error) {
      if (error instanceof GitError)
        throw new GitInputError(`${revision} names no commit in this repository (or more than one)`);
      throw error;
    }
  }

  /** A workbook path from the repository's top. */
  private repoPath(path: string): string {
    return this.workTree.prefix + path;
  }

  private run(args: string[], read = false): Promise<string> {
    return git(args, { cwd: this.workTree.toplevel, read });
  }
}
