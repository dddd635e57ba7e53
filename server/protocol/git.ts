/**
 * The shapes of a workbook's git state — status, history and a cell-by-cell diff of two
 * versions — shared by the server and the browser. Imports nothing but its siblings.
 */
import type { CellKind } from "./cells.ts";

/** A workbook's state against HEAD: "added" is a new file staged, "untracked" one git does not know yet. */
export type WorkbookGitStatus = "clean" | "modified" | "untracked" | "added" | "deleted";

/** One commit in a workbook's history. */
export interface WorkbookCommit {
  /** The full hash. */
  commit: string;
  shortCommit: string;
  author: string;
  email: string;
  /** The author date, ISO 8601 with the author's UTC offset. */
  date: string;
  /** The subject: the message's first paragraph. */
  message: string;
  /** The rest of the message, when there is any. */
  body?: string;
}

/** One line of a line-level diff, without its line end: kept, added or deleted. */
export interface LineDiff {
  op: "same" | "add" | "del";
  text: string;
}

/** The front matter's text in both versions ("" when a version has none). */
export interface FrontMatterDiff {
  before: string;
  after: string;
  changed: boolean;
  /** The line-level diff, when it changed. */
  lines?: LineDiff[];
}

/** How a block of the new version relates to the old one. */
export type BlockChange = "same" | "changed" | "added" | "removed";

/** A prose block or a cell in the diff; `before`/`after` are its exact text (a cell's fences included) in each version it appears in. */
export interface BlockDiff {
  change: BlockChange;
  type: "prose" | "cell";
  kind?: CellKind;
  name?: string;
  before?: string;
  after?: string;
  /** The line-level diff of a changed block. */
  lines?: LineDiff[];
}

/** Two versions of a workbook compared block by block, in document order. */
export interface WorkbookDiff {
  frontMatter: FrontMatterDiff;
  blocks: BlockDiff[];
}

/**
 * `GET /api/v1/workbooks/<path>/git`: the workbook's state and history, or `repository: false`
 * when the workbooks folder is not in a git repository (the editor then hides its git tools).
 */
export type WorkbookGitInfo =
  { repository: false } | { repository: true; status: WorkbookGitStatus; history: WorkbookCommit[] };

/** `GET /api/v1/workbooks/<path>/git/diff?rev=<commit>`: that commit's version against the working file. */
export interface WorkbookDiffResponse {
  /** The full hash `rev` resolved to. */
  commit: string;
  /** False when the file did not exist in that commit (every block then shows as added). */
  existed: boolean;
  diff: WorkbookDiff;
}

/** The body of `POST /api/v1/workbooks/<path>/git/commit`. */
export interface CommitRequest {
  message: string;
}

/** The answer to a commit: the new commit, now the head of the workbook's history. */
export interface CommitResponse {
  commit: string;
  shortCommit: string;
}

/**
 * The body of `POST /api/v1/workbooks/<path>/git/restore`, sent with `If-Match: "<version>"`
 * of the working file the editor shows: the past version becomes the working file's text
 * through a normal conditional save (409 when the file changed meanwhile), answered as a save is.
 */
export interface RestoreRequest {
  rev: string;
}
