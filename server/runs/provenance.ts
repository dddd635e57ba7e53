/** What exactly a run ran: the git commit that last touched the workbook file, when there is one. */
import { execFile } from "node:child_process";
import { basename, dirname } from "node:path";

/**
 * The commit that last changed `file` (`git log -n1 --format=%H -- <file>`), or undefined when
 * its folder is not in a git repository, git is missing, or the file was never committed.
 * Uncommitted edits are told apart by the run's content hash.
 */
export function gitCommitOf(file: string): Promise<string | undefined> {
  return new Promise((resolve) => {
    execFile("git", ["log", "-n1", "--format=%H", "--", basename(file)], { cwd: dirname(file), timeout: 10_000 }, (error, stdout) => {
      const commit = stdout.trim();
      resolve(!error && /^[0-9a-f]{40}$/.test(commit) ? commit : undefined);
    });
  });
}
