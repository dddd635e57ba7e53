import { afterEach, describe, expect, it } from "vitest";
import { RuntimeHost, type CellState } from "../../server/runtime/host.ts";
import { analysed } from "../helpers/workbooks.ts";

const hosts: RuntimeHost[] = [];
afterEach(async () => {
  await Promise.all(hosts.splice(0).map((host) => host.close()));
});

/** A host that counts how many times each cell (by index) started running. */
function countingHost(options: ConstructorParameters<typeof RuntimeHost>[0] = {}) {
  const host = new RuntimeHost(options);
  hosts.push(host);
  const runs = new Map<number, number>();
  const cellIndexById = new Map<string, number>();
  host.subscribe((state: CellState) => {
    cellIndexById.set(state.id, state.cellIndex);
    if (state.status === "running") runs.set(state.cellIndex, (runs.get(state.cellIndex) ?? 0) + 1);
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

  it("reports pending, running and fulfilled with a duration", async () => {
    const host = new RuntimeHost();
    hosts.push(host);
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
    expect(cells.map((cell) => cell.status)).toEqual(["rejected", "rejected", "rejected", "rejected", "rejected", "fulfilled", "rejected"]);
    const message = (index: number) => (cells[index].outputs[0] as { message: string }).message;
    expect(message(0)).toMatch(/x is defined more than once/);
    expect(message(1)).toMatch(/x is defined more than once/);
    expect(message(2)).toMatch(/circular definition/);
    expect(message(3)).toMatch(/circular definition/);
    expect(cells[4].outputs[0]).toMatchObject({ kind: "error", line: 18 });
    expect(cells[5].outputs).toEqual([{ kind: "json", value: 42 }]);
    // Cell 7's fence is file line 26, so the throw, its second line, is line 28.
    expect(cells[6].outputs[0]).toMatchObject({ kind: "error", message: "boom on line 2", line: 28 });
  });

  it("times out a spinning cell, replaces the worker, and keeps the main thread responsive", async () => {
    const host = new RuntimeHost({ cellTimeoutMs: 1000 });
    hosts.push(host);
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
    // The main thread's timers kept firing while the worker spun (about elapsed / 50 ticks).
    expect(ticks).toBeGreaterThan(elapsed / 50 / 2);
  });

  it("runs a timed-out cell again once its source changes", async () => {
    const host = new RuntimeHost({ cellTimeoutMs: 500 });
    hosts.push(host);
    host.load(analysed("while (true) {}"));
    await host.whenIdle();
    expect(host.snapshot()[0].status).toBe("timeout");
    host.load(analysed("'fixed'"));
    await host.whenIdle();
    expect(host.snapshot()[0]).toMatchObject({ status: "fulfilled", outputs: [{ kind: "json", value: "fixed" }] });
  });

  it("fails a cell that exhausts the worker's memory limit and keeps the others", async () => {
    const host = new RuntimeHost({ memoryLimitMb: 64 });
    hosts.push(host);
    host.load(analysed("const keep = 'still here';", "const hog = []; while (true) hog.push(new Array(1e5).fill(Math.random()));", "keep"));
    await host.whenIdle();
    const cells = host.snapshot();
    expect(cells[1]).toMatchObject({ status: "rejected", outputs: [{ kind: "error", message: expect.stringMatching(/memory limit of 64 MB/) }] });
    expect(cells[2]).toMatchObject({ status: "fulfilled", outputs: [{ kind: "json", value: "still here" }] });
  });
});
