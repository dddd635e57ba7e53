import { execFile } from "node:child_process";
import { mkdir } from "node:fs/promises";
import { join } from "node:path";
import { promisify } from "node:util";
import { tempDir } from "./workbooks.ts";

const run = promisify(execFile);

/** Runs git in `cwd` (independently of server/git) and returns its standard output. */
export async function gitIn(cwd: string, ...args: string[]): Promise<string> {
  return (await run("git", args, { cwd, env: { ...process.env, GIT_TERMINAL_PROMPT: "0" } })).stdout;
}

/**
 * A fresh git repository in a temporary folder, with `folder` (created, "" for the top) as the
 * workbooks folder; its own user.name/user.email unless `identity` is false, and no signing.
 */
export async function tempRepo({ folder = "monitoring", identity = true } = {}): Promise<{
  top: string;
  workbooks: string;
  cleanup: () => Promise<void>;
}> {
  const { dir: top, cleanup } = await tempDir("driftbook-git-");
  await gitIn(top, "init", "-q");
  await gitIn(top, "config", "commit.gpgsign", "false");
  if (identity) {
    await gitIn(top, "config", "user.name", "Test Person");
    await gitIn(top, "config", "user.email", "test@example.com");
  }
  const workbooks = join(top, folder);
  await mkdir(workbooks, { recursive: true });
  return { top, workbooks, cleanup };
}
