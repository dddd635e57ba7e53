/**
 * One runtime worker process, as the host sees it: started with `fork` from the worker's bundle
 * (workerBundle.ts) with an environment built from an allowlist, watched for memory from the
 * outside, and ended with signals. A child process rather than a worker thread because only a
 * process can be stopped inside native code (better-sqlite3 has no interrupt call and
 * `worker.terminate()` waits for the native call to return), and only a process's memory can
 * be bounded as a whole: a worker's `resourceLimits` count the V8 heap, not Buffers. Its stdout
 * and stderr (a cell's console.log and console.error, a worker that fails to start) reach the
 * host line by line, prefixed by the workbook, so the server's log says whose output it is.
 */
import { fork, type ChildProcess } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { createInterface } from "node:readline";
import type { HostCommand, WorkerEvent, WorkerInit } from "./messages.ts";
import { workerBundlePath } from "./workerBundle.ts";
import { isPostgresUrl } from "../store/location.ts";

/** The memory sampling period: at ≥ 10 Hz, a fast allocation overshoots the limit by little. */
export const MEMORY_SAMPLE_MS = 100;
/** How long a closing worker has between SIGTERM and SIGKILL. */
const CLOSE_GRACE_MS = 200;
/** The worker's stderr goes to the log; its tail is also kept to tell why it died. */
const STDERR_TAIL_CHARS = 4096;
/** procfs gives another process's resident size; elsewhere only V8's heap limit holds. */
const HAS_PROCFS = existsSync("/proc/self/status");

/**
 * The variables a cell process may see. An allowlist, not a blocklist: channel secrets come
 * from whatever `${VAR}` names driftbook.config.json uses, and tokens from DRIFTBOOK_*, so
 * only names known to be harmless pass. NODE_OPTIONS is left out: it could load the server's
 * own hooks or open an inspector; the worker's flags are set in `execArgv` instead.
 */
const ENV_NAMES = ["PATH", "LANG", "LANGUAGE", "TZ", "TMPDIR", "HOME"];

export interface CellProcessEvents {
  onEvent(event: WorkerEvent): void;
  /** The process used more memory than its limit; it is being killed. */
  onOverLimit(residentMb: number, lastSampleUnderLimitAt: number): void;
  /** The process ended without being asked to. */
  onExit(why: { outOfMemory: boolean; description: string }): void;
  /** One line the process wrote, prefixed by its workbook (`[path] `). */
  onOutput(line: string, stream: OutputStream): void;
}

export type OutputStream = "stdout" | "stderr";

export class CellProcess {
  private readonly child: ChildProcess;
  private readonly exited: Promise<void>;
  private readonly sampler: NodeJS.Timeout | undefined;
  private stderrTail = "";
  /** Set once the host asked it to end, or it ended: no more events are passed on. */
  private ending = false;
  private lastUnderLimitAt = Date.now();
  /** Whether the worker has sent anything: one that dies before that failed to start. */
  private spoke = false;

  constructor(
    init: WorkerInit,
    private readonly memoryLimitMb: number,
    private readonly events: CellProcessEvents,
  ) {
    const { shown, password } = passwordApart(init);
    this.child = fork(workerBundlePath(), [JSON.stringify(shown)], {
      // V8's heap limit too, so a heap-only hog fails as out of memory rather than swapping first.
      execArgv: [
        `--max-old-space-size=${memoryLimitMb}`,
        ...(process.sourceMapsEnabled ? ["--enable-source-maps"] : []),
      ],
      env: {
        ...cellEnv(process.env, init.user !== undefined),
        ...(password !== undefined && { PGPASSWORD: password }),
      },
      serialization: "advanced",
      stdio: ["ignore", "pipe", "pipe", "ipc"],
    });
    const prefix = `[${init.workbookId ?? "cells"}] `;
    for (const stream of ["stdout", "stderr"] as const) {
      createInterface({ input: this.child[stream]!, crlfDelay: Infinity }).on("line", (line) =>
        events.onOutput(prefix + line, stream),
      );
    }
    this.child.stderr!.on("data", (chunk: Buffer) => {
      this.stderrTail = (this.stderrTail + chunk.toString()).slice(-STDERR_TAIL_CHARS);
    });
    this.child.on("message", (event: WorkerEvent) => {
      this.spoke = true;
      if (!this.ending) events.onEvent(event);
    });
    this.exited = new Promise((resolve) => {
      this.child.once("exit", (code, signal) => {
        resolve();
        this.ended(signal ? `it was killed by ${signal}` : `it exited with code ${code}`);
      });
      // A send to a process that just died fails here (its exit follows); a failed spawn has no exit.
      this.child.on("error", (error) => {
        if (this.child.pid !== undefined) return;
        resolve();
        this.ended(`it could not start: ${error.message}`);
      });
    });
    if (HAS_PROCFS) this.sampler = setInterval(() => this.sample(), MEMORY_SAMPLE_MS).unref();
  }

  /** Reports an end the host did not ask for, saying why; a process that never spoke shows its error. */
  private ended(description: string): void {
    clearInterval(this.sampler);
    if (this.ending) return;
    this.ending = true;
    const error = this.stderrTail.split("\n").findLast((line) => /^[A-Z]\w*(Error|Exception)\b/.test(line));
    const why = !this.spoke && error ? `${description} before it was ready (${error})` : description;
    this.events.onExit({ outOfMemory: /heap out of memory/i.test(this.stderrTail), description: why });
  }

  get pid(): number | undefined {
    return this.child.pid;
  }

  send(command: HostCommand): void {
    if (this.child.connected) this.child.send(command);
  }

  /** Ends the process at once (a timeout or a limit): SIGKILL works even inside native code. */
  kill(): Promise<void> {
    this.ending = true;
    this.child.kill("SIGKILL");
    return this.exited;
  }

  /** Ends the process gently (close, shutdown): SIGTERM, then SIGKILL if it is still there. */
  async stop(): Promise<void> {
    this.ending = true;
    if (this.child.exitCode !== null || this.child.signalCode !== null) return;
    this.child.kill("SIGTERM");
    const timer = setTimeout(() => this.child.kill("SIGKILL"), CLOSE_GRACE_MS);
    await this.exited;
    clearTimeout(timer);
  }

  private sample(): void {
    const bytes = this.child.pid === undefined ? undefined : residentBytes(this.child.pid);
    if (bytes === undefined || this.ending) return;
    const mb = bytes / 1024 / 1024;
    if (mb <= this.memoryLimitMb) {
      this.lastUnderLimitAt = Date.now();
      return;
    }
    this.ending = true;
    this.child.kill("SIGKILL");
    this.events.onOverLimit(Math.round(mb), this.lastUnderLimitAt);
  }
}

/** The environment of a cell process: the allowlisted variables, and the locale's LC_*. */
export function cellEnv(env: NodeJS.ProcessEnv, asCellUser: boolean): NodeJS.ProcessEnv {
  const kept: NodeJS.ProcessEnv = {};
  for (const [name, value] of Object.entries(env)) {
    if (value === undefined || !(ENV_NAMES.includes(name) || name.startsWith("LC_"))) continue;
    // The server's home is not the cell user's; without HOME, Node asks the user database.
    if (name === "HOME" && asCellUser) continue;
    kept[name] = value;
  }
  return kept;
}

/**
 * The init without the database URL's password, and the password: it goes to the child's
 * environment as PGPASSWORD (which `pg` reads when the URL has none), since any local user can
 * read a process's arguments (`ps`) but only its owner can read its environment.
 */
export function passwordApart(init: WorkerInit): { shown: WorkerInit; password?: string } {
  if (!init.dbPath || !isPostgresUrl(init.dbPath)) return { shown: init };
  const url = new URL(init.dbPath);
  if (!url.password) return { shown: init };
  const password = decodeURIComponent(url.password);
  url.password = "";
  return { shown: { ...init, dbPath: url.toString() }, password };
}

/** A process's resident set size from procfs (VmRSS, in kB), or undefined once it is gone. */
export function residentBytes(pid: number): number | undefined {
  try {
    const match = /^VmRSS:\s+(\d+) kB$/m.exec(readFileSync(`/proc/${pid}/status`, "latin1"));
    return match ? Number(match[1]) * 1024 : undefined;
  } catch {
    return undefined;
  }
}
