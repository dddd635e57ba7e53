import { describe, expect, it } from "vitest";
import { markupOf } from "../../../server/runtime/stdlib/dom.ts";
import { serverPlot as Plot } from "../../../server/runtime/stdlib/plot.ts";

const data = [
  { feature: "age", share: 0.1, drifted: false },
  { feature: "income", share: 0.4, drifted: true },
  { feature: "region", share: 0.2, drifted: false },
  { feature: "tenure", share: 0.3, drifted: true },
];

const markup = (node: unknown) => markupOf(node as Parameters<typeof markupOf>[0]);
const count = (text: string, pattern: RegExp) => text.match(pattern)?.length ?? 0;

describe("serverPlot", () => {
  it("renders Plot.plot on the server into an svg with one rect per bar", () => {
    const svg = markup(Plot.plot({ marks: [Plot.barY(data, { x: "feature", y: "share" })] }));
    expect(svg).toMatch(/^<svg/);
    expect(count(svg, /<rect/g)).toBe(4);
  });

  it("renders Mark#plot() and marks().plot() on the server", () => {
    expect(count(markup(Plot.barY(data, { x: "feature", y: "share" }).plot()), /<rect/g)).toBe(4);
    const layered = markup(Plot.marks(Plot.barY(data, { x: "feature", y: "share" }), Plot.ruleY([0])).plot());
    expect(count(layered, /<rect/g)).toBe(4);
    expect(layered).toContain('aria-label="rule"');
  });

  it("draws dots and lines with the data's values", () => {
    const svg = markup(Plot.dot(data, { x: "share", y: "feature" }).plot());
    expect(count(svg, /<circle/g)).toBe(4);
    expect(svg).toContain(">income<");
  });

  it("wraps a chart with a color legend in a figure", () => {
    const chart = markup(
      Plot.barY(data, { x: "feature", y: "share", fill: "drifted" }).plot({ color: { legend: true } }),
    );
    expect(chart).toMatch(/^<figure/);
    expect(chart).toContain("<svg");
  });

  it("renders a standalone legend on the server", () => {
    const legend = markup(Plot.legend({ color: { type: "categorical", domain: ["ok", "drift"] } }));
    expect(legend).toContain(">drift<");
  });
});
