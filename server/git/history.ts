/** Reads `git log` output into commits, with a format that no subject or body can break. */
import type { WorkbookCommit } from "../protocol/git.ts";

const FIELDS = ["%H", "%h", "%an", "%ae", "%aI", "%s", "%b"];

/** The `git log` arguments parseLog reads: one NUL between fields, and one after each commit (`-z`). */
export const LOG_ARGS = ["log", "-z", `--format=${FIELDS.join("%x00")}`] as const;

/** The commits in `git log` output made with LOG_ARGS, in git's order. */
export function parseLog(output: string): WorkbookCommit[] {
  const fields = output.split("\0");
  const commits: WorkbookCommit[] = [];
  for (let i = 0; i + FIELDS.length <= fields.length; i += FIELDS.length) {
    const [commit, shortCommit, author, email, date, message, rawBody] = fields.slice(i, i + FIELDS.length);
    const body = rawBody.trim();
    commits.push(
      body
        ? { commit, shortCommit, author, email, date, message, body }
        : { commit, shortCommit, author, email, date, message },
    );
  }
  return commits;
}
