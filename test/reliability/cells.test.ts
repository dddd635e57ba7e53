import { chmod, writeFile } from "node:fs/promises";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { CellView, ServerMessage } from "../../server/protocol/index.ts";
import { residentBytes } from "../../server/runtime/cellProcess.ts";
import { driftbook } from "../helpers/cli.ts";
import { startServeProcess, type ServeProcess } from "../helpers/serveProcess.ts";
import { connectSocket } from "../helpers/socket.ts";
import { tempDir, workbookText, writeFiles } from "../helpers/workbooks.ts";

// Cell failures, tried against a real `driftbook serve` process: each workbook
// below breaks its cell process in one way, and the server must stay up and answer.
const TOKEN = "reliability-token-0123456789";
const SECRET = "https://hooks.example/secret-channel-url";
const RUNAWAY_SQL = "with recursive c(x) as (select 1 union all select x+1 from c) select count(*) from c";
const TIMEOUT_S = 2;
const MEMORY_MB = 300;

const WORKBOOKS = {
  "runaway.md": workbookText("```sql runaway\n" + RUNAWAY_SQL + "\n```", "'after the runaway'"),
  "kill.md": workbookText('process.kill(process.pid, "SIGKILL")'),
  "exit.md": workbookText("process.exit(3)"),
  "other.md": workbookText("6 * 7"),
  "hog.md": workbookText("const keep = []; for (let i = 0; i < 20; i++) keep.push(Buffer.alloc(1e8, 1));"),
  "env.md": workbookText(
    "[typeof process.env.DRIFTBOOK_TOKEN, typeof process.env.ONCALL_URL, typeof process.env.PATH]",
  ),
  "idle.md": workbookText("process.pid"),
  "big.md": workbookText('html`<p>${"x".repeat(2 * 1024 * 1024)}</p>`'),
};

let dir: string;
let cleanup: () => Promise<void>;
let server: ServeProcess;

beforeAll(async () => {
  ({ dir, cleanup } = await tempDir("driftbook-cells-"));
  await writeFiles(dir, WORKBOOKS);
  await writeFile(
    join(dir, "driftbook.config.json"),
    JSON.stringify({ channels: { oncall: { type: "webhook", url: "${ONCALL_URL}" } } }),
  );
  server = await startServeProcess(
    [
      "--workbooks",
      dir,
      "--db",
      join(dir, "cells.db"),
      "--config",
      join(dir, "driftbook.config.json"),
      "--cell-timeout",
      String(TIMEOUT_S),
      "--cell-memory",
      String(MEMORY_MB),
      "--idle-close",
      "1",
      "--max-output",
      "1",
    ],
    { env: { ...process.env, DRIFTBOOK_TOKEN: TOKEN, ONCALL_URL: SECRET } },
  );
}, 60_000);

afterAll(async () => {
  await server?.stop();
  await cleanup();
});

const auth = { authorization: `Bearer ${TOKEN}` };

/** Subscribes to `path` and resolves with cell `index` once it settles (neither pending nor running). */
async function settledCell(path: string, index = 0, timeoutMs = 20_000) {
  const socket = await connectSocket(server.url, auth);
  socket.send({ type: "subscribe", path });
  const isSettled = (cell: CellView) => cell.index === index && cell.status !== "pending" && cell.status !== "running";
  const message = await socket.waitFor(
    (m: ServerMessage): m is ServerMessage =>
      (m.type === "cell" && m.path === path && isSettled(m.cell)) ||
      (m.type === "workbook" && m.workbook.path === path && m.cells.some(isSettled)),
    timeoutMs,
  );
  const cell =
    message.type === "cell" ? message.cell : message.type === "workbook" ? message.cells.find(isSettled)! : undefined;
  return { cell: cell!, socket };
}

async function healthz(): Promise<number> {
  return (await fetch(`${server.url}/healthz`)).status;
}

/** The cell processes of a server: its children (from procfs) that run the worker, not esbuild's service. */
function cellPids(pid: number): number[] {
  const path = `/proc/${pid}/task/${pid}/children`;
  if (!existsSync(path)) return [];
  const children = readFileSync(path, "utf8").trim().split(/\s+/).filter(Boolean).map(Number);
  return children.filter((child) => /dist\/worker\/|workerEntry\.js/.test(commandLine(child)));
}

function commandLine(pid: number): string {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, "utf8");
  } catch {
    return ""; // it exited meanwhile
  }
}

const alive = (pid: number) => existsSync(`/proc/${pid}`);

async function waitUntil(condition: () => boolean, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) return false;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  return true;
}

describe("cell processes under a real server", () => {
  it("ends a runaway SQL query at its timeout: its process is gone and the next cell runs", async () => {
    const socket = await connectSocket(server.url, auth);
    socket.send({ type: "subscribe", path: "runaway.md" });
    await socket.waitFor(
      (m): m is ServerMessage =>
        m.type === "cell" && m.path === "runaway.md" && m.cell.index === 0 && m.cell.status === "running",
      20_000,
    );
    const started = Date.now();
    const stuck = cellPids(server.child.pid!);
    expect(stuck.length).toBeGreaterThan(0);
    expect(await healthz()).toBe(200);
    const settled = await socket.waitFor(
      (m): m is Extract<ServerMessage, { type: "cell" }> =>
        m.type === "cell" && m.path === "runaway.md" && m.cell.index === 0 && m.cell.status === "timeout",
      TIMEOUT_S * 1000 + 5000,
    );
    expect(Date.now() - started).toBeLessThan(TIMEOUT_S * 1000 + 2500);
    expect(settled.cell.outputs[0]).toMatchObject({
      kind: "error",
      message: expect.stringMatching(/time limit of 2 s/),
    });
    await socket.waitFor(
      (m): m is ServerMessage =>
        m.type === "cell" && m.path === "runaway.md" && m.cell.index === 1 && m.cell.status === "fulfilled",
    );
    expect(await waitUntil(() => !stuck.some(alive), 1000)).toBe(true);
    socket.close();
  }, 30_000);

  it("`driftbook run --cell-timeout 2` on the runaway query reports a timeout and exits", async () => {
    const result = await driftbook([
      "run",
      join(dir, "runaway.md"),
      "--db",
      join(dir, "cells.db"),
      "--workbooks",
      dir,
      "--cell-timeout",
      "2",
    ]);
    expect(result.code).toBe(2);
    expect(result.stdout).toMatch(/^timeout +cell 1 sql runaway .*time limit of 2 s/m);
    // CLI start-up (tsx) and the bundle check take a few seconds on a loaded machine; the run itself ~2 s.
    expect(result.ms).toBeLessThan(20_000);
  }, 30_000);

  it("keeps serving when a cell kills or exits its own process", async () => {
    const killed = await settledCell("kill.md");
    expect(killed.cell).toMatchObject({
      status: "rejected",
      outputs: [
        { kind: "error", message: expect.stringMatching(/^The cell process stopped: it was killed by SIGKILL/) },
      ],
    });
    const exited = await settledCell("exit.md");
    expect(exited.cell).toMatchObject({
      status: "rejected",
      outputs: [{ kind: "error", message: expect.stringMatching(/^The cell process stopped: it exited with code 3/) }],
    });
    expect(await healthz()).toBe(200);
    expect(server.child.exitCode).toBeNull();
    const other = await settledCell("other.md");
    expect(other.cell).toMatchObject({ status: "fulfilled", outputs: [{ kind: "json", value: 42 }] });
    for (const { socket } of [killed, exited, other]) socket.close();
  }, 60_000);

  it("stops 2 GB of Buffers at the process memory limit; the server's own memory stays low", async () => {
    const hog = await settledCell("hog.md");
    expect(hog.cell).toMatchObject({
      status: "rejected",
      outputs: [
        { kind: "error", message: expect.stringMatching(new RegExp(`exceeded the memory limit of ${MEMORY_MB} MB`)) },
      ],
    });
    expect(await healthz()).toBe(200);
    expect(residentBytes(server.child.pid!)! / 1024 / 1024).toBeLessThan(MEMORY_MB + 200);
    hog.socket.close();
  }, 60_000);

  it("gives cells no token and no channel secret in process.env", async () => {
    expect(server.output()).not.toMatch(/alert channel unavailable/);
    const env = await settledCell("env.md");
    expect(env.cell).toMatchObject({
      status: "fulfilled",
      outputs: [{ kind: "json", value: ["undefined", "undefined", "string"] }],
    });
    env.socket.close();
  }, 30_000);

  it("closes a workbook nobody watches, ending its process, and starts it again when reopened", async () => {
    const first = await settledCell("idle.md");
    const pid = (first.cell.outputs[0] as { value: number }).value;
    expect(alive(pid)).toBe(true);
    first.socket.close();
    expect(await waitUntil(() => !alive(pid), 8000)).toBe(true);
    const again = await settledCell("idle.md");
    const next = (again.cell.outputs[0] as { value: number }).value;
    expect(again.cell.status).toBe("fulfilled");
    expect(next).not.toBe(pid);
    expect(alive(next)).toBe(true);
    again.socket.close();
  }, 30_000);

  it("replaces an HTML output over --max-output by a note", async () => {
    const big = await settledCell("big.md");
    expect(big.cell).toMatchObject({
      status: "fulfilled",
      outputs: [
        {
          kind: "html",
          html: '<p class="note">output cut at 1 MB: this HTML output is 2 MB, over the --max-output limit</p>',
        },
      ],
    });
    big.socket.close();
  }, 30_000);
});

describe("server shutdown and death", () => {
  async function serverStuckInSql(): Promise<{ stuck: ServeProcess; children: number[] }> {
    const stuck = await startServeProcess([
      "--workbooks",
      dir,
      "--db",
      join(dir, "shutdown.db"),
      "--cell-timeout",
      "60",
    ]);
    const socket = await connectSocket(stuck.url);
    socket.send({ type: "subscribe", path: "runaway.md" });
    await socket.waitFor(
      (m): m is ServerMessage => m.type === "cell" && m.cell.index === 0 && m.cell.status === "running",
      20_000,
    );
    const children = cellPids(stuck.child.pid!);
    expect(children.length).toBeGreaterThan(0);
    return { stuck, children };
  }

  it("on SIGTERM ends its cell processes, even one inside a native query, and exits", async () => {
    const { stuck, children } = await serverStuckInSql();
    const started = Date.now();
    expect(await stuck.stop()).toBe(0);
    expect(Date.now() - started).toBeLessThan(5000);
    expect(children.filter(alive)).toEqual([]);
  }, 60_000);

  it("after kill -9 of the server, its cell processes exit by themselves", async () => {
    const { stuck, children } = await serverStuckInSql();
    stuck.child.kill("SIGKILL");
    await stuck.stop(); // waits for the exit (the process is gone already)
    expect(await waitUntil(() => !children.some(alive), 3000)).toBe(true);
  }, 60_000);
});

describe("--cell-user", () => {
  const isRoot = process.getuid?.() === 0;

  it.runIf(!isRoot)(
    "is refused when the server does not run as root",
    async () => {
      console.log("not root: --cell-user can only be tried for its refusal");
      const result = await driftbook(["serve", "--port", "0", "--workbooks", dir, "--cell-user", "nobody"]);
      expect(result.code).toBe(2);
      expect(result.stderr).toMatch(/--cell-user needs the server to run as root/);
    },
    30_000,
  );

  it.runIf(isRoot)(
    "runs cells as that user, reading the database; an unknown user is refused at start",
    async () => {
      const unknown = await driftbook([
        "serve",
        "--port",
        "0",
        "--workbooks",
        dir,
        "--cell-user",
        "no-such-user-driftbook",
      ]);
      expect(unknown.code).toBe(2);
      expect(unknown.stderr).toMatch(/--cell-user: no such user: no-such-user-driftbook/);

      const { dir: folder, cleanup: remove } = await tempDir("driftbook-celluser-");
      try {
        // What the README says the cell user needs: to reach the folder and read the database files.
        await chmod(folder, 0o755);
        await writeFiles(folder, {
          "who.md": workbookText(
            "process.getuid()",
            "```sql counted\nselect count(*) as n from credit\n```",
            "counted.get('n', 0)",
          ),
        });
        const nobody = await startServeProcess([
          "--workbooks",
          folder,
          "--db",
          join(folder, "user.db"),
          "--cell-user",
          "nobody",
        ]);
        try {
          const logged = await fetch(`${nobody.url}/api/v1/models/credit/predictions`, {
            method: "POST",
            headers: { "content-type": "application/json" },
            body: JSON.stringify([
              { id: "a", features: { x: 1 }, prediction: 1 },
              { id: "b", features: { x: 2 }, prediction: 0 },
            ]),
          });
          expect(logged.status).toBe(201);
          const socket = await connectSocket(nobody.url);
          socket.send({ type: "subscribe", path: "who.md" });
          const settled = (index: number) =>
            socket.waitFor(
              (m): m is Extract<ServerMessage, { type: "cell" }> =>
                m.type === "cell" &&
                m.cell.index === index &&
                m.cell.status !== "pending" &&
                m.cell.status !== "running",
              20_000,
            );
          expect((await settled(0)).cell).toMatchObject({
            status: "fulfilled",
            outputs: [{ kind: "json", value: Number(uidOf("nobody")) }],
          });
          expect((await settled(2)).cell).toMatchObject({ status: "fulfilled", outputs: [{ kind: "json", value: 2 }] });
          socket.close();
        } finally {
          await nobody.stop();
        }
      } finally {
        await remove();
      }
    },
    60_000,
  );
});

function uidOf(name: string): string {
  return readFileSync("/etc/passwd", "utf8")
    .split("\n")
    .find((line) => line.startsWith(`${name}:`))!
    .split(":")[2];
}
