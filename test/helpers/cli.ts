import { spawn, type ChildProcess } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

export const ROOT = fileURLToPath(new URL("../../", import.meta.url));
const BIN = fileURLToPath(new URL("../../bin/driftbook.js", import.meta.url));

export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
  ms: number;
}

type ProcessOptions = { cwd?: string; env?: NodeJS.ProcessEnv; onStart?: (child: ChildProcess) => void };

/** Runs `driftbook ...args` as a real child process, from the repository root; `onStart` gets the process. */
export function driftbook(args: string[], options: ProcessOptions = {}): Promise<CliResult> {
  return runProcess(process.execPath, [BIN, ...args], options);
}

/**
 * `driftbook run` of `<name>.md` in `dir` on `<name>.db`, with the folder as the workbooks folder,
 * its `driftbook.config.json`, and the report written to `out.json` and `out.html` there.
 */
export function runInFolder(dir: string, name: string, ...args: string[]): Promise<CliResult> {
  return driftbook([
    "run",
    join(dir, `${name}.md`),
    "--db",
    join(dir, `${name}.db`),
    "--workbooks",
    dir,
    "--config",
    join(dir, "driftbook.config.json"),
    "--json",
    join(dir, "out.json"),
    "--html",
    join(dir, "out.html"),
    ...args,
  ]);
}

/** Runs a command to its end as a real child process (from the repository root unless `cwd` says), timing it. */
export function runProcess(command: string, args: string[], options: ProcessOptions = {}): Promise<CliResult> {
  const started = Date.now();
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, {
      cwd: options.cwd ?? ROOT,
      env: options.env ?? process.env,
      stdio: ["ignore", "pipe", "pipe"],
    });
    options.onStart?.(child);
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (chunk) => (stdout += chunk));
    child.stderr.on("data", (chunk) => (stderr += chunk));
    child.on("error", reject);
    child.on("close", (code) => resolve({ code, stdout, stderr, ms: Date.now() - started }));
  });
}

export interface CliProcess {
  child: ChildProcess;
  stdout(): string;
  stderr(): string;
  /** The exit code, once the process has exited. */
  exited: Promise<number | null>;
}

/** Starts `driftbook ...args` as a real child process and resolves once its stdout matches `ready` (a run that got going, say). */
export function startDriftbook(args: string[], ready: RegExp): Promise<CliProcess> {
  const child = spawn(process.execPath, [BIN, ...args], { cwd: ROOT, stdio: ["ignore", "pipe", "pipe"] });
  let stdout = "";
  let stderr = "";
  const exited = new Promise<number | null>((resolve) => child.once("exit", resolve));
  child.stderr.on("data", (chunk) => (stderr += chunk));
  return new Promise((resolve, reject) => {
    child.stdout.on("data", (chunk) => {
      stdout += chunk;
      if (ready.test(stdout)) resolve({ child, stdout: () => stdout, stderr: () => stderr, exited });
    });
    void exited.then((code) =>
      reject(new Error(`driftbook ${args.join(" ")} exited with ${code} before it was ready: ${stdout}${stderr}`)),
    );
  });
}

/**
 * The peak resident memory of a running process in MB, as the kernel records it (VmHWM in
 * /proc/<pid>/status, a high-water mark), read every 20 ms until the process exits; the last
 * reading stands.
 */
export function peakRssMb(child: ChildProcess): Promise<number> {
  let peakKb = 0;
  const read = () => {
    try {
      const match = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${child.pid}/status`, "utf8"));
      if (match) peakKb = Number(match[1]);
    } catch {
      // the process has exited between two readings
    }
  };
  const timer = setInterval(read, 20);
  read();
  return new Promise((resolve) =>
    child.once("exit", () => {
      clearInterval(timer);
      resolve(peakKb / 1024);
    }),
  );
}
