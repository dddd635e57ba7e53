import { describe, expect, it } from "vitest";
import { met, summaryTable, type Figure } from "./summary.ts";

const ratio = (measured: number, warning?: string): Figure => ({
  figure: "mmd",
  ours: "280 ms",
  baseline: "numpy 215 ms",
  ratio: measured,
  measured,
  target: { atMost: 1.0 },
  warning,
});

describe("bench summary", () => {
  it("judges at-most and at-least targets, boundaries included", () => {
    expect(met(ratio(1.0))).toBe(true);
    expect(met(ratio(1.31))).toBe(false);
    expect(met({ figure: "ingest", ours: "x", measured: 0.49, target: { atLeast: 0.5 } })).toBe(false);
    expect(met({ figure: "ingest", ours: "x", measured: 0.5, target: { atLeast: 0.5 } })).toBe(true);
    expect(met({ figure: "startup", ours: "146 ms" })).toBeUndefined();
  });

  it("never counts a figure whose results disagree with the baseline as met", () => {
    expect(met(ratio(0.5, "results differ"))).toBe(false);
  });

  it("prints one Markdown row per figure, with the verdict", () => {
    const table = summaryTable([
      ratio(1.31),
      { figure: "load", ours: "1.2 s", measured: 1200, target: { atMost: 1500, unit: "ms" } },
    ]);
    expect(table.split("\n")).toEqual([
      "| figure | Driftbook | baseline, same run | ratio | target | met? |",
      "| --- | --- | --- | --- | --- | --- |",
      "| mmd | 280 ms | numpy 215 ms | 1.31 | ≤ 1 | **no** |",
      "| load | 1.2 s | — | — | ≤ 1500 ms | yes |",
    ]);
  });
});
