/**
 * Runs the git command: an argument array handed to execFile, never a shell, with an
 * environment that cannot prompt, speaks English in its errors and treats every pathspec
 * literally, so a workbook named `*.md` means that file and not a glob.
 */
import { execFile, type ExecFileException } from "node:child_process";

/** A git command that failed; the message carries git's own explanation (its stderr). */
export class GitError extends Error {
  constructor(
    message: string,
    /** git's exit code; undefined when it did not start, was killed or timed out. */
    readonly exitCode?: number,
  ) {
    super(message);
  }
}

export interface GitOptions {
  /** The folder git runs in. */
  cwd: string;
  /** A read-only command: tells git not to take optional locks, so it never competes with the user's own git. */
  read?: boolean;
  /** Extra environment variables (GIT_INDEX_FILE, GIT_AUTHOR_NAME …). */
  env?: Record<string, string>;
  timeoutMs?: number;
}

const DEFAULT_TIMEOUT_MS = 30_000;
const MAX_OUTPUT_BYTES = 64 * 1024 * 1024;

/**
 * Inherited variables that would point git at another repository or index than the one in
 * `cwd` (they are set while a git hook runs, for instance).
 */
const REDIRECTING_VARIABLES = [
  "GIT_DIR",
  "GIT_WORK_TREE",
  "GIT_INDEX_FILE",
  "GIT_COMMON_DIR",
  "GIT_OBJECT_DIRECTORY",
  "GIT_NAMESPACE",
  "GIT_PREFIX",
];

/** Runs `git ...args` in `options.cwd` and returns its standard output; throws GitError when git fails or is missing. */
export function git(args: readonly string[], options: GitOptions): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile(
      "git",
      args,
      {
        cwd: options.cwd,
        env: gitEnv(options),
        timeout: options.timeoutMs ?? DEFAULT_TIMEOUT_MS,
        maxBuffer: MAX_OUTPUT_BYTES,
        encoding: "utf8",
      },
      (error, stdout, stderr) => (error ? reject(gitError(args, error, stderr, options)) : resolve(stdout)),
    );
  });
}

function gitEnv(options: GitOptions): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env };
  for (const name of REDIRECTING_VARIABLES) delete env[name];
  return {
    ...env,
    GIT_TERMINAL_PROMPT: "0",
    LC_ALL: "C",
    GIT_LITERAL_PATHSPECS: "1",
    ...(options.read ? { GIT_OPTIONAL_LOCKS: "0" } : {}),
    ...options.env,
  };
}

function gitError(args: readonly string[], error: ExecFileException, stderr: string, options: GitOptions): GitError {
  const command = `git ${args[0] ?? ""}`;
  if (error.code === "ENOENT")
    return new GitError(`${command}: git is not installed or not on the PATH (or ${options.cwd} does not exist)`);
  if (error.code === "ERR_CHILD_PROCESS_STDIO_MAXBUFFER")
    return new GitError(`${command} wrote more than ${MAX_OUTPUT_BYTES / 1024 / 1024} MB`);
  if (error.killed)
    return new GitError(`${command} did not finish within ${options.timeoutMs ?? DEFAULT_TIMEOUT_MS} ms`);
  const exitCode = typeof error.code === "number" ? error.code : undefined;
  return new GitError(`${command} failed: ${stderr.trim() || error.message}`, exitCode);
}
