import { spawn, type ChildProcess } from "node:child_process";
import { join } from "node:path";
import { ROOT } from "./cli.ts";

export interface ServeProcess {
  child: ChildProcess;
  url: string;
  /** Resolves with the exit code (null after a signal) when the process ends. */
  exited: Promise<number | null>;
  /** Everything it printed so far. */
  output: () => string;
  /** SIGTERM, then waits for it to end. */
  stop: () => Promise<void>;
}

/** Starts `driftbook serve --port 0` as a real child process and resolves once it serves. */
export function startServeProcess(args: { db: string; workbooks: string; extra?: string[] }): Promise<ServeProcess> {
  const child = spawn(
    process.execPath,
    [join(ROOT, "bin/driftbook.js"), "serve", "--port", "0", "--db", args.db, "--workbooks", args.workbooks, ...(args.extra ?? [])],
    { cwd: ROOT, stdio: ["ignore", "pipe", "pipe"] },
  );
  let output = "";
  const exited = new Promise<number | null>((resolve) => child.once("exit", resolve));
  return new Promise((resolve, reject) => {
    child.stdout!.on("data", (chunk) => {
      output += chunk;
      const match = /at (http:\/\/\S+)/.exec(output);
      if (match) {
        resolve({
          child,
          url: match[1],
          exited,
          output: () => output,
          stop: async () => {
            child.kill("SIGTERM");
            await exited;
          },
        });
      }
    });
    child.stderr!.on("data", (chunk) => (output += chunk));
    exited.then((code) => reject(new Error(`driftbook serve exited with ${code}: ${output}`)));
  });
}
