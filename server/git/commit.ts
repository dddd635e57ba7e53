/**
 * Commits one file alone. The new tree is built in a temporary index (HEAD's tree plus that
 * file as it is on disk), so whatever else the user has staged stays staged and out of the
 * commit; HEAD moves only if nobody moved it meanwhile; then the real index learns the
 * committed version of that one file, so `git status` shows it clean. No hooks run.
 */
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { git, GitError } from "./exec.ts";
import { checkAuthor, GitInputError, type GitAuthor } from "./inputs.ts";

/** The file is the same on disk as in HEAD: a commit would record nothing. */
export class NothingToCommitError extends Error {}

export interface FileCommit {
  /** The repository's top folder. */
  toplevel: string;
  /** The file, from the repository's top. */
  path: string;
  /** HEAD's commit; undefined on a branch with no commit yet. */
  parent: string | undefined;
  message: string;
  author: GitAuthor;
}

/** Commits `path` as it is in the working tree (a missing file commits its deletion) and returns the new commit. */
export async function commitOneFile({ toplevel, path, parent, message, author }: FileCommit): Promise<string> {
  const scratch = await mkdtemp(join(tmpdir(), "driftbook-index-"));
  try {
    const indexEnv = { GIT_INDEX_FILE: join(scratch, "index") };
    const inIndex = (args: string[]) => git(args, { cwd: toplevel, env: indexEnv }).then((out) => out.trim());
    await inIndex(parent ? ["read-tree", parent] : ["read-tree", "--empty"]);
    const parentTree = await inIndex(["write-tree"]);
    await inIndex(["update-index", "--add", "--remove", "--", path]);
    const tree = await inIndex(["write-tree"]);
    if (tree === parentTree)
      throw new NothingToCommitError(`nothing to commit: ${path} is the same as in the last commit`);
    const identity = {
      GIT_AUTHOR_NAME: author.name,
      GIT_AUTHOR_EMAIL: author.email,
      GIT_COMMITTER_NAME: author.name,
      GIT_COMMITTER_EMAIL: author.email,
    };
    const parentArgs = parent ? ["-p", parent] : [];
    const commit = (
      await git(["commit-tree", tree, ...parentArgs, "-m", message], { cwd: toplevel, env: identity })
    ).trim();
    await git(["update-ref", "-m", `driftbook: commit ${path}`, "HEAD", commit, parent ?? ""], { cwd: toplevel });
    await git(["reset", "-q", commit, "--", path], { cwd: toplevel });
    return commit;
  } finally {
    await rm(scratch, { recursive: true, force: true });
  }
}

/**
 * The author given (checked), else the repository's `user.name` and `user.email`; refuses to
 * let git make one up from the host name. `by`, the person a single-sign-on proxy named
 * (http/requestUser.ts), is the author's name, and its email too when it is one; else the email
 * stays the configured one.
 */
export async function authorFor(toplevel: string, given: GitAuthor | undefined, by?: string): Promise<GitAuthor> {
  if (by?.includes("@")) return checkAuthor({ name: by, email: by });
  if (by) return checkAuthor({ ...(await authorFor(toplevel, given)), name: by });
  if (given) return checkAuthor(given);
  const [name, email] = await Promise.all([configValue(toplevel, "user.name"), configValue(toplevel, "user.email")]);
  if (!name || !email) {
    throw new GitInputError(
      'no commit author: set git config user.name and user.email in the repository, or start the server with --git-author "Name <email>"',
    );
  }
  return { name, email };
}

/** A git config value; undefined when it is not set (git exits 1). */
async function configValue(toplevel: string, key: string): Promise<string | undefined> {
  try {
    return (await git(["config", "--get", key], { cwd: toplevel, read: true })).trim() || undefined;
  } catch (error) {
    if (error instanceof GitError && error.exitCode === 1) return undefined;
    throw error;
  }
}
