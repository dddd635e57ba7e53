import { spawn, type ChildProcess } from "node:child_process";
import { join } from "node:path";
import { ROOT } from "./cli.ts";

export interface ServeProcess {
  child: ChildProcess;
  url: string;
  /** Everything the process printed so far, stdout and stderr. */
  output(): string;
  /** Sends SIGTERM and resolves with the exit code once the process has exited. */
  stop(): Promise<number | null>;
}

/** Starts `driftbook serve ...args --port 0` as a real child process and resolves with its URL once it serves. */
export function startServeProcess(args: string[], options: { env?: NodeJS.ProcessEnv } = {}): Promise<ServeProcess> {
  const child = spawn(process.execPath, [join(ROOT, "bin/driftbook.js"), "serve", ...args, "--port", "0"], {
    cwd: ROOT,
    env: options.env ?? process.env,
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
  return new Promise((resolve, reject) => {
    child.stdout!.on("data", (chunk) => {
      output += chunk;
      const match = /at (http:\/\/\S+)/.exec(output);
      if (match) {
        resolve({
          child,
          url: match[1],
          output: () => output,
          stop: () => {
            if (child.exitCode === null) child.kill("SIGTERM");
            return exited;
          },
        });
      }
    });
    child.stderr!.on("data", (chunk) => (output += chunk));
    void exited.then((code) => reject(new Error(`server exited with ${code}: ${output}`)));
  });
}
