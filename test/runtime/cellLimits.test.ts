import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import type { CompiledCell } from "../../server/analysis/types.ts";
import { CellLimits } from "../../server/runtime/cellLimits.ts";

beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
});

function cell(id: string, index: number): CompiledCell {
  return { id, index, kind: "js", inputs: [], outputs: [], body: "", sourceStartLine: index + 1, bodyLine: 1 };
}

describe("CellLimits", () => {
  it("times out a cell that runs past the limit, and not one that settles before it", () => {
    const timedOut: string[] = [];
    const limits = new CellLimits(1000, (id, message) => timedOut.push(`${id}: ${message}`));
    limits.cellStatus("a", "running");
    limits.cellStatus("b", "running");
    vi.advanceTimersByTime(500);
    limits.cellStatus("b", "fulfilled");
    expect(limits.running()).toEqual(["a"]);
    vi.advanceTimersByTime(500);
    expect(timedOut).toEqual([
      "a: The cell ran longer than its time limit of 1 s; its process was stopped and replaced",
    ]);
  });

  it("blames the running cells for memory, else those that settled since the last sample under the limit", () => {
    const limits = new CellLimits(60_000, () => {});
    limits.cellStatus("early", "running");
    limits.cellStatus("early", "fulfilled");
    vi.advanceTimersByTime(100);
    const since = Date.now();
    limits.cellStatus("late", "running");
    limits.cellStatus("late", "rejected");
    expect(limits.overMemory(since)).toEqual(["late"]);
    limits.cellStatus("now", "running");
    expect(limits.overMemory(since)).toEqual(["now"]);
    limits.processReplaced();
    expect(limits.running()).toEqual([]);
    expect(limits.overMemory(0)).toEqual([]);
  });

  it("rejects a disabled cell at once until its id changes", () => {
    const limits = new CellLimits(60_000, () => {});
    const output = { kind: "error" as const, message: "too big", line: 3 };
    limits.disable("b", "rejected", output);
    const cells = [cell("a", 0), cell("b", 1)];
    expect(limits.runnable(cells)).toEqual([
      cells[0],
      { ...cells[1], problem: { cellIndex: 1, line: 3, message: "too big" } },
    ]);
    expect(limits.disabledState("b")).toEqual({ status: "rejected", output });
    limits.retain(new Set(["a", "b2"]));
    expect(limits.disabledState("b")).toBeUndefined();
    expect(limits.runnable([cell("b2", 1)])).toEqual([cell("b2", 1)]);
  });
});
