import { spawn, type ChildProcess } from "node:child_process";
import { join } from "node:path";
import { ROOT } from "./cli.ts";

export interface ServeProcess {
  child: ChildProcess;
  url: string;
  /** Everything the server printed so far, stdout and stderr. */
  output: () => string;
  /** Resolves when the process has exited. */
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

/** Starts `driftbook serve --port 0 ...args` as a real child process and resolves once it listens. */
export function startServeProcess(args: string[], options: { env?: NodeJS.ProcessEnv } = {}): Promise<ServeProcess> {
  const child = spawn(process.execPath, [join(ROOT, "bin/driftbook.js"), "serve", "--port", "0", ...args], {
    cwd: ROOT,
    env: options.env ?? process.env,
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => child.once("exit", (code, signal) => resolve({ code, signal })));
  return new Promise((resolve, reject) => {
    child.stdout!.on("data", (chunk) => {
      output += chunk;
      const match = /at (http:\/\/\S+)/.exec(output);
      if (match) resolve({ child, url: match[1], output: () => output, exited });
    });
    child.stderr!.on("data", (chunk) => (output += chunk));
    void exited.then(({ code }) => reject(new Error(`server exited with ${code}: ${output}`)));
  });
}
