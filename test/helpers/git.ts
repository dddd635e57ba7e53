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
  await initRepo(top, identity ? { name: "Test Person", email: "test@example.com" } : undefined);
  const workbooks = join(top, folder);
  await mkdir(workbooks, { recursive: true });
  return { top, workbooks, cleanup };
}

/** Makes `dir` a git repository without signing, with its own user.name and user.email when given. */
export async function initRepo(dir: string, identity?: { name: string; email: string }): Promise<void> {
  await gitIn(dir, "init", "-q");
  await gitIn(dir, "config", "commit.gpgsign", "false");
  if (!identity) return;
  await gitIn(dir, "config", "user.name", identity.name);
  await gitIn(dir, "config", "user.email", identity.email);
}
