import { existsSync } from "node:fs";
import { join } from "node:path";
import Database from "better-sqlite3";
import { afterEach, describe, expect, it } from "vitest";
import type { ErrorOutput } from "../../server/protocol/index.ts";
import type { OutputStream } from "../../server/runtime/cellProcess.ts";
import { RuntimeHost, type CellState, type HostOptions } from "../../server/runtime/host.ts";
import { analysed, tempDir, workbookText } from "../helpers/workbooks.ts";
import { workbookFromText } from "../../server/workspace/workbookFile.ts";

const hosts: RuntimeHost[] = [];
const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  await Promise.all(hosts.splice(0).map((host) => host.close()));
  await Promise.all(cleanups.splice(0).map((cleanup) => cleanup()));
});

function newHost(options: HostOptions = {}): RuntimeHost {
  const host = new RuntimeHost(options);
  hosts.push(host);
  return host;
}

/** A SQLite file in a temporary folder, for `sql` cells. */
async function database(): Promise<string> {
  const { dir, cleanup } = await tempDir();
  cleanups.push(cleanup);
  const path = join(dir, "cells.db");
  new Database(path).close();
  return path;
}

/** A host's output option that keeps each line, with its stream, instead of printing it. */
function outputLog() {
  const lines: Array<[OutputStream, string]> = [];
  return { lines, output: (line: string, stream: OutputStream) => void lines.push([stream, line]) };
}

const RUNAWAY_SQL = "with recursive c(x) as (select 1 union all select x+1 from c) select count(*) from c";
const alive = (pid: number) => existsSync(`/proc/${pid}`);

/** A host that counts how many times each cell (by index) started running. */
function countingHost(options: HostOptions = {}) {
  const host = newHost(options);
  const runs = new Map<number, number>();
  const cellIndexById = new Map<string, number>();
  host.subscribe((state: CellState) => {
    cellIndexById.set(state.id, state.index);
    if (state.status === "running") runs.set(state.index, (runs.get(state.index) ?? 0) + 1);
  });
  return { host, runs: () => Object.fromEntries(runs) };
}

describe("RuntimeHost", () => {
  it("runs every cell once, in dependency order, and shows values", async () => {
    const { host, runs } = countingHost();
    host.load(analysed("const a = 1;", "const b = a + 1;", "b * 10", "const unrelated = 5;"));
    await host.whenIdle();
    const cells = host.snapshot();
    expect(cells.map((cell) => cell.status)).toEqual(["fulfilled", "fulfilled", "fulfilled", "fulfilled"]);
    expect(cells[2].outputs).toEqual([{ kind: "json", value: 20 }]);
    expect(runs()).toEqual({ 0: 1, 1: 1, 2: 1, 3: 1 });
  });

  it("re-runs an edited cell and its descendants only", async () => {
    const { host, runs } = countingHost();
    host.load(analysed("const a = 1;", "const b = a + 1;", "b * 10", "const unrelated = 5;"));
    await host.whenIdle();
    host.load(analysed("const a = 1;", "const b = a + 2;", "b * 10", "const unrelated = 5;"));
    await host.whenIdle();
    expect(runs()).toEqual({ 0: 1, 1: 2, 2: 2, 3: 1 });
    expect(host.snapshot()[2].outputs).toEqual([{ kind: "json", value: 30 }]);
  });

  it("re-runs only the readers of params when params change", async () => {
    const { host, runs } = countingHost();
    host.load(analysed("const n = params.n * 2;", "n + 1", "const other = 1;"), { n: 1 });
    await host.whenIdle();
    host.setParams({ n: 5 });
    await host.whenIdle();
    expect(runs()).toEqual({ 0: 2, 1: 2, 2: 1 });
    expect(host.snapshot()[1].outputs).toEqual([{ kind: "json", value: 11 }]);
  });

  it("runs a cell again on request, with its descendants only, as a run key does on an unchanged cell", async () => {
    const { host, runs } = countingHost();
    host.load(analysed("const a = 1;", "const b = a + 1;", "b * 10", "const unrelated = 5;"));
    await host.whenIdle();
    host.rerun(host.snapshot()[1].id);
    await host.whenIdle();
    expect(runs()).toEqual({ 0: 1, 1: 2, 2: 2, 3: 1 });
    expect(host.snapshot()[2].outputs).toEqual([{ kind: "json", value: 20 }]);
  });

  it("reports pending, running and fulfilled with a duration", async () => {
    const host = newHost();
    const seen: string[] = [];
    host.subscribe((state) => seen.push(state.status));
    host.load(analysed("await new Promise((resolve) => setTimeout(resolve, 50)); 1"));
    await host.whenIdle();
    expect(seen).toEqual(["pending", "running", "fulfilled"]);
    expect(host.snapshot()[0].ms).toBeGreaterThanOrEqual(45);
  });

  it("keeps errors on their cells: duplicate, cycle, syntax, runtime with its line", async () => {
    const { host } = countingHost();
    host.load(
      analysed(
        "const x = 1;",
        "const x = 2;",
        "const p = q;",
        "const q = p;",
        "const broken = ;",
        "const healthy = 42;\ndisplay(healthy);",
        "const y = 1;\nthrow new Error('boom on line 2');",
      ),
    );
    await host.whenIdle();
    const cells = host.snapshot();
    expect(cells.map((cell) => cell.status)).toEqual([
      "rejected",
      "rejected",
      "rejected",
      "rejected",
      "rejected",
      "fulfilled",
      "rejected",
    ]);
    const message = (index: number) => (cells[index].outputs[0] as { message: string }).message;
    expect(message(0)).toMatch(/x is defined more than once/);
    expect(message(1)).toMatch(/x is defined more than once/);
    expect(message(2)).toMatch(/circular definition/);
    expect(message(3)).toMatch(/circular definition/);
    expect(cells[4].outputs[0]).toMatchObject({ kind: "error", line: 18, cellLine: 1, cellColumn: 16 });
    expect(cells[5].outputs).toEqual([{ kind: "json", value: 42 }]);
    // Cell 7's fence is file line 26, so the throw, its second line, is line 28.
    expect(cells[6].outputs[0]).toEqual({
      kind: "error",
      message: "boom on line 2",
      line: 28,
      column: 7,
      cellLine: 2,
      cellColumn: 7,
    });
  });

  it("places an error thrown inside Arquero, Plot or the detectors at the cell's line that called them", async () => {
    const { host } = countingHost();
    host.load(
      analysed(
        // Arquero's expression parser throws from more than ten frames below the cell.
        "const t = aq.table({a: [1, 2]});\nconst sorted = t.groupby('a').rollup({n: op.count()}).orderby('zzz');",
        "const x = 1;\n\nPlot.plot({x: {type: 'nosuch'}, marks: [Plot.dot([1, 2], {x: (d) => d})]})",
        "const empty = [];\n  detectors.ks(empty, [1, 2])",
        "const late = 1;\nawait new Promise((resolve) => setTimeout(resolve, 1));\nJSON.parse('{bad')",
      ),
    );
    await host.whenIdle();
    const places = host.snapshot().map(({ outputs: [output] }) => {
      const { kind, line, column, cellLine, cellColumn } = output as ErrorOutput;
      return { kind, line, column, cellLine, cellColumn };
    });
    expect(places).toEqual([
      { kind: "error", line: 3, column: 55, cellLine: 2, cellColumn: 55 },
      { kind: "error", line: 9, column: 6, cellLine: 3, cellColumn: 6 },
      { kind: "error", line: 14, column: 13, cellLine: 2, cellColumn: 13 },
      { kind: "error", line: 20, column: 6, cellLine: 3, cellColumn: 6 },
    ]);
  });

  it("times out a spinning cell, replaces the worker process, and keeps the server's thread responsive", async () => {
    const host = newHost({ cellTimeoutMs: 1000 });
    host.load(analysed("const healthy = 1;", "while (true) {}", "healthy + 1"));
    let ticks = 0;
    const ticker = setInterval(() => ticks++, 50);
    const started = Date.now();
    await host.whenIdle();
    clearInterval(ticker);
    const elapsed = Date.now() - started;
    const cells = host.snapshot();
    expect(cells.map((cell) => cell.status)).toEqual(["fulfilled", "timeout", "fulfilled"]);
    expect(cells[1].outputs[0]).toMatchObject({ kind: "error", message: expect.stringMatching(/time limit of 1 s/) });
    expect(cells[2].outputs).toEqual([{ kind: "json", value: 2 }]);
    expect(elapsed).toBeLessThan(10_000);
    // The server's timers kept firing while the worker spun (about elapsed / 50 ticks).
    expect(ticks).toBeGreaterThan(elapsed / 50 / 2);
  });

  it("runs a timed-out cell again once its source changes", async () => {
    const host = newHost({ cellTimeoutMs: 500 });
    host.load(analysed("while (true) {}"));
    await host.whenIdle();
    expect(host.snapshot()[0].status).toBe("timeout");
    host.load(analysed("'fixed'"));
    await host.whenIdle();
    expect(host.snapshot()[0]).toMatchObject({ status: "fulfilled", outputs: [{ kind: "json", value: "fixed" }] });
  });

  it("kills a process stuck in a native SQLite query at the timeout", async () => {
    const host = newHost({ cellTimeoutMs: 1000, dbPath: await database() });
    const analysis = workbookFromText(
      "runaway.md",
      workbookText("```sql runaway\n" + RUNAWAY_SQL + "\n```", "const after = 'still runs';"),
    ).analysis;
    host.load(analysis);
    await waitFor(() => host.snapshot()[0].status === "running");
    const stuck = host.pid!;
    const started = Date.now();
    await host.whenIdle();
    expect(Date.now() - started).toBeLessThan(3000);
    expect(host.snapshot().map((cell) => cell.status)).toEqual(["timeout", "fulfilled"]);
    await waitFor(() => !alive(stuck));
    expect(host.pid).not.toBe(stuck);
  });

  it("fails the cells holding Buffers past the process memory limit and keeps the others", async () => {
    const host = newHost({ memoryLimitMb: 250 });
    host.load(
      analysed(
        "const keep = 'still here';",
        "const hog = []; for (let i = 0; i < 20; i++) hog.push(Buffer.alloc(1e8, 1));",
        "keep",
      ),
    );
    await host.whenIdle();
    const cells = host.snapshot();
    expect(cells[1]).toMatchObject({
      status: "rejected",
      outputs: [{ kind: "error", message: expect.stringMatching(/exceeded the memory limit of 250 MB/) }],
    });
    expect(cells[0]).toMatchObject({ status: "fulfilled" });
    expect(cells[2]).toMatchObject({ status: "fulfilled", outputs: [{ kind: "json", value: "still here" }] });
  });

  it("fails a cell that exhausts V8's heap under the same limit", async () => {
    const host = newHost({ memoryLimitMb: 200 });
    host.load(analysed("const hog = []; while (true) hog.push(new Array(1e5).fill(Math.random()));", "'fine'"));
    await host.whenIdle();
    const cells = host.snapshot();
    expect(cells[0]).toMatchObject({
      status: "rejected",
      outputs: [{ kind: "error", message: expect.stringMatching(/memory limit of 200 MB/) }],
    });
    expect(cells[1]).toMatchObject({ status: "fulfilled" });
  });

  it("survives process.exit and process.kill in a cell: that cell fails, the others run, nothing restarts in a loop", async () => {
    const host = newHost();
    host.load(analysed("process.exit(0)", "process.kill(process.pid, 'SIGKILL')", "1 + 1"));
    await host.whenIdle();
    const cells = host.snapshot();
    expect(cells[0]).toMatchObject({
      status: "rejected",
      outputs: [{ kind: "error", message: expect.stringMatching(/^The cell process stopped: it exited with code 0/) }],
    });
    expect(cells[1]).toMatchObject({
      status: "rejected",
      outputs: [
        { kind: "error", message: expect.stringMatching(/^The cell process stopped: it was killed by SIGKILL/) },
      ],
    });
    expect(cells[2]).toMatchObject({ status: "fulfilled", outputs: [{ kind: "json", value: 2 }] });
    const pid = host.pid!;
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(host.pid).toBe(pid);
  });

  it("fails every cell with the worker's own error when the worker cannot start, and does not retry in a loop", async () => {
    const { output, lines } = outputLog();
    const host = newHost({ cellUser: { name: "impossible", uid: -1, gid: -1 }, workbookId: "broken.md", output });
    host.load(analysed("1", "2"));
    await host.whenIdle();
    for (const cell of host.snapshot()) {
      expect(cell).toMatchObject({
        status: "rejected",
        outputs: [
          {
            kind: "error",
            message: expect.stringMatching(
              /^The cell process stopped: it exited with code 1 before it was ready \(RangeError/,
            ),
          },
        ],
      });
    }
    expect(host.pid).toBeUndefined();
    // The worker's stack trace went to the host's log, marked as the workbook's, not to this process's stderr.
    expect(lines).toContainEqual([
      "stderr",
      expect.stringMatching(/^\[broken\.md\] RangeError \[ERR_OUT_OF_RANGE\]: /),
    ]);
  });

  it("passes a cell's console output to the log line by line, prefixed by the workbook", async () => {
    const { output, lines } = outputLog();
    const host = newHost({ workbookId: "talks.md", output });
    host.load(analysed("console.log('first\\nsecond')", "console.error('trouble')"));
    await host.whenIdle();
    await expect.poll(() => lines.length).toBe(3);
    expect(lines.filter(([stream]) => stream === "stdout")).toEqual([
      ["stdout", "[talks.md] first"],
      ["stdout", "[talks.md] second"],
    ]);
    expect(lines.filter(([stream]) => stream === "stderr")).toEqual([["stderr", "[talks.md] trouble"]]);
  });

  it("gives cells an environment without the server's tokens or secrets", async () => {
    const saved = { ...process.env };
    Object.assign(process.env, {
      DRIFTBOOK_TOKEN: "editor-token-0123456789",
      SLACK_WEBHOOK: "https://hooks.example/secret",
      LC_ALL: "C.UTF-8",
    });
    try {
      const host = newHost();
      host.load(analysed("Object.keys(process.env).sort()"));
      await host.whenIdle();
      const names = (host.snapshot()[0].outputs[0] as { value: string[] }).value;
      expect(names).toContain("PATH");
      expect(names).toContain("LC_ALL");
      expect(names).not.toContain("DRIFTBOOK_TOKEN");
      expect(names).not.toContain("SLACK_WEBHOOK");
    } finally {
      process.env = saved;
    }
  });

  it("ends its process on close", async () => {
    const host = newHost();
    host.load(analysed("process.pid"));
    await host.whenIdle();
    const pid = host.pid!;
    expect(host.snapshot()[0].outputs).toEqual([{ kind: "json", value: pid }]);
    await host.close();
    expect(alive(pid)).toBe(false);
  });
});

async function waitFor(condition: () => boolean, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error("timed out waiting for a condition");
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

describe("table rows for downloads", () => {
  it("reads any page of a displayed table, and refuses a later page once the cell displayed another", async () => {
    const host = newHost();
    host.load(
      analysed("Array.from({length: params.n}, (_, i) => ({i, at: new Date(Date.UTC(2026, 0, 1) + i)}))", "1 + 1"),
      {
        n: 1500,
      },
    );
    await host.whenIdle();
    const [table, scalar] = host.snapshot();
    expect(table!.outputs[0]).toMatchObject({ kind: "table", totalRows: 1500 });
    const page = await host.tableRows(table!.id, 0, 1_400, 200);
    expect(page.totalRows).toBe(1500);
    expect(page.rows).toHaveLength(100);
    expect(page.rows[0]).toEqual([1400, new Date(Date.UTC(2026, 0, 1) + 1400).toISOString()]);
    await expect(host.tableRows(scalar!.id, 0, 0, 10)).rejects.toThrow(/not a table/);

    host.setParams({ n: 10 });
    await host.whenIdle();
    await expect(host.tableRows(table!.id, 0, 0, 10, page.shown)).rejects.toThrow(/ran again during the export/);
    expect((await host.tableRows(table!.id, 0, 0, 100)).rows).toHaveLength(10);
  });
});
