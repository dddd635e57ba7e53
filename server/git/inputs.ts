/**
 * Checks of what users hand the git backend — workbook paths, revisions, commit messages,
 * authors — before any of it reaches a git command line, so that nothing a browser sends can
 * become a git option, a path outside the workbooks folder or a revision expression.
 */

/** An input the git backend refuses; its message says what is wrong, for the user to fix. */
export class GitInputError extends Error {}

/** A commit's author (and committer). */
export interface GitAuthor {
  name: string;
  email: string;
}

/** A full hash, an abbreviated one of at least 4 digits, HEAD, or HEAD~N. */
const REVISION = /^(?:[0-9a-fA-F]{4,40}|HEAD(?:~\d{1,6})?)$/;

/**
 * Returns `path` when it names a workbook relative to the workbooks folder: `/`-separated, no
 * empty, `.` or `..` segment, not absolute, no leading `-`, no NUL or backslash, ending `.md`.
 */
export function checkWorkbookPath(path: string): string {
  if (typeof path !== "string" || path === "") throw new GitInputError("a workbook path is required");
  if (path.includes("\0") || path.includes("\\"))
    throw new GitInputError(`a workbook path must not contain NUL or a backslash: ${JSON.stringify(path)}`);
  if (path.startsWith("/") || /^[a-zA-Z]:/.test(path))
    throw new GitInputError(`a workbook path must be relative to the workbooks folder: ${path}`);
  if (path.startsWith("-")) throw new GitInputError(`a workbook path must not start with "-": ${path}`);
  if (path.split("/").some((segment) => segment === "" || segment === "." || segment === "..")) {
    throw new GitInputError(`a workbook path must not contain empty, "." or ".." segments: ${path}`);
  }
  if (!path.endsWith(".md")) throw new GitInputError(`a workbook is a .md file: ${path}`);
  return path;
}

/** Returns `revision` when it has the shape of a commit hash, HEAD or HEAD~N; it is resolved by git afterwards. */
export function checkRevision(revision: string): string {
  if (typeof revision !== "string" || !REVISION.test(revision)) {
    throw new GitInputError(
      `a revision is a commit hash (4 to 40 hex digits), HEAD or HEAD~N, not ${JSON.stringify(revision)}`,
    );
  }
  return revision;
}

/** The commit message without surrounding blank space; an empty one is refused. */
export function checkMessage(message: string): string {
  const trimmed = typeof message === "string" ? message.trim() : "";
  if (trimmed === "") throw new GitInputError("a commit message is required");
  if (trimmed.includes("\0")) throw new GitInputError("a commit message must not contain NUL");
  return trimmed;
}

/** Returns `author` when its name and email are non-empty single lines without `<`, `>` or NUL. */
export function checkAuthor(author: GitAuthor): GitAuthor {
  for (const [field, value] of [
    ["name", author.name],
    ["email", author.email],
  ] as const) {
    if (typeof value !== "string" || value.trim() === "" || /[<>\0\r\n]/.test(value)) {
      throw new GitInputError(`the commit author's ${field} must be a non-empty line without "<" or ">"`);
    }
  }
  return { name: author.name.trim(), email: author.email.trim() };
}
