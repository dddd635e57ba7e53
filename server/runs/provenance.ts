/** What exactly a run ran: the git commit that last touched the workbook file, when there is one. */
import { basename, dirname } from "node:path";
import { git, GitError } from "../git/exec.ts";

/**
 * The commit that last changed `file` (`git log -n1 --format=%H -- <file>`), or undefined when
 * its folder is not in a git repository, git is missing, or the file was never committed.
 * Uncommitted edits are told apart by the run's content hash.
 */
export async function gitCommitOf(file: string): Promise<string | undefined> {
  try {
    const commit = (await git(["log", "-n1", "--format=%H", "--", basename(file)], { cwd: dirname(file), read: true, timeoutMs: 10_000 })).trim();
    return /^[0-9a-f]{40}$/.test(commit) ? commit : undefined;
  } catch (error) {
    if (error instanceof GitError) return undefined;
    throw error;
  }
}
