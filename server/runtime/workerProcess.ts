/**
 * The runtime worker's side of its child process (see cellProcess.ts for the host's side): it
 * reads the init data the host passed as its argument, makes sure the process never outlives
 * the server, drops to the cell user when asked, and carries messages over the IPC channel.
 */
import { Worker } from "node:worker_threads";
import Database from "better-sqlite3";
import type { HostCommand, WorkerEvent, WorkerInit } from "./messages.ts";

/**
 * How often the guard thread checks that the server is still there. A cell stuck in native
 * code (a runaway SQLite query) never returns to the event loop, so the IPC `disconnect` event
 * cannot end the process; the guard thread runs beside it and can.
 */
const PARENT_CHECK_MS = 200;

/**
 * A thread that kills its process once the parent is gone: an orphan is re-parented (to init
 * or a subreaper), so its ppid changes. Node has no prctl(PR_SET_PDEATHSIG); this is the
 * portable stand-in, and `process.kill` from a thread ends the whole process at once.
 */
const GUARD = `
const { workerData } = require("node:worker_threads");
setInterval(() => {
  if (process.ppid !== workerData.ppid) process.kill(process.pid, "SIGKILL");
}, ${PARENT_CHECK_MS});
`;

/** Sets up this process as a runtime worker and returns what the host passed it. */
export function startWorkerProcess(): WorkerInit {
  if (!process.send) throw new Error("the runtime worker must be started by the runtime host, with an IPC channel");
  const init = JSON.parse(process.argv[2] ?? "{}") as WorkerInit;
  // The server closed the channel, or died: nothing is left to work for.
  process.on("disconnect", () => process.exit(0));
  new Worker(GUARD, {
    eval: true,
    workerData: { ppid: process.ppid },
    resourceLimits: { maxOldGenerationSizeMb: 8 },
  }).unref();
  if (init.user) dropPrivileges(init.user);
  return init;
}

/**
 * Becomes the cell user. Before that, loads better-sqlite3's native addon (it loads lazily, on
 * the first connection), so that the user needs no access to the server's code: only to the
 * database. No cell has run yet, and the process keeps nothing of root's but its open files.
 */
function dropPrivileges(user: NonNullable<WorkerInit["user"]>): void {
  new Database(":memory:").close();
  process.setgroups!([]);
  process.setgid!(user.gid);
  process.setuid!(user.uid);
  if (process.getuid!() !== user.uid || process.getgid!() !== user.gid)
    throw new Error(`could not become the cell user ${user.name}`);
}

export function post(event: WorkerEvent): void {
  if (process.connected) process.send!(event);
}

export function onCommand(handle: (command: HostCommand) => void): void {
  process.on("message", (command) => handle(command as HostCommand));
}
