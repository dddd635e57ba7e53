/** Reads git's machine-readable status into one state per file, as a workbook list shows it. */
import type { WorkbookGitStatus } from "../protocol/git.ts";

/**
 * The arguments for `git status` that parseStatus reads: porcelain v1 (stable across git
 * versions), NUL-terminated (no quoting of odd names), every untracked file listed singly.
 */
export const STATUS_ARGS = ["status", "--porcelain=v1", "-z", "--untracked-files=all"] as const;

/**
 * The state of each file `git status --porcelain=v1 -z` lists, by path from the repository's
 * top. A file gone from the working tree or the index is "deleted" (a rename's source too);
 * a new file in the index "added"; anything else listed "modified" (conflicts included).
 */
export function parseStatus(output: string): Map<string, WorkbookGitStatus> {
  const states = new Map<string, WorkbookGitStatus>();
  const fields = output.split("\0");
  for (let i = 0; i < fields.length; i++) {
    const entry = fields[i];
    if (entry.length < 4) continue;
    const [staged, unstaged, path] = [entry[0], entry[1], entry.slice(3)];
    states.set(path, stateOf(staged, unstaged));
    if (staged === "R") states.set(fields[++i], "deleted");
    else if (staged === "C") i++;
  }
  return states;
}

function stateOf(staged: string, unstaged: string): WorkbookGitStatus {
  if (staged === "?") return "untracked";
  if (staged === "D" || unstaged === "D") return "deleted";
  if (staged === "A" || staged === "R" || staged === "C") return "added";
  return "modified";
}
