/**
 * The interaction the server computes for a Plot chart: points where Plot's own scales put them,
 * tooltips in Plot's tip words, the legend's series, and the point cap.
 */
import { describe, expect, it } from "vitest";
import { CHART_POINT_LIMIT, type SvgOutput } from "../../../server/protocol/index.ts";
import { serializeValue } from "../../../server/runtime/serialize.ts";
import { serverPlot as Plot } from "../../../server/runtime/stdlib/plot.ts";

const rows = [
  { day: 1, score: 0.2, segment: "retail" },
  { day: 2, score: 0.7, segment: "business" },
  { day: 4, score: 0.4, segment: "retail" },
];

type Chart = ReturnType<typeof Plot.plot>;
const interactionOf = (chart: Chart) => (serializeValue(chart) as SvgOutput).interaction!;
const at = (chart: Chart, name: string, value: unknown) => chart.scale(name)!.apply(value) as number;

describe("chart interaction", () => {
  it("puts a dot chart's points where its scales do, with its tip's lines and its legend's series", () => {
    const chart = Plot.dot(rows, { x: "day", y: "score", fill: "segment", tip: true }).plot({
      color: { legend: true },
    });
    const interaction = interactionOf(chart);
    expect(interaction.points.map(({ x, y }) => [x, y])).toEqual(
      rows.map((row) => [Math.round(at(chart, "x", row.day)), Math.round(at(chart, "y", row.score))]),
    );
    expect(interaction.points[1].lines).toEqual([
      { label: "segment", value: "business" },
      { label: "day", value: "2" },
      { label: "score", value: "0.7" },
    ]);
    const colors = chart.scale("color")!;
    expect(interaction.series).toEqual(["business", "retail"].map((label) => ({ label, color: colors.apply(label) })));
    expect(interaction.points.map((point) => point.series)).toEqual([1, 0, 1]);
    expect(interaction.frame).toEqual({ left: 40, top: 20, right: 620, bottom: 370 });
    expect(interaction.omittedPoints).toBe(0);
  });

  it("gives a line chart's title channel as each point's tooltip", () => {
    const chart = Plot.lineY(rows, {
      x: "day",
      y: "score",
      title: (row: (typeof rows)[0]) => `score ${row.score}`,
    }).plot();
    const { points, series } = interactionOf(chart);
    expect(points).toEqual(
      rows.map((row) => ({
        x: Math.round(at(chart, "x", row.day)),
        y: Math.round(at(chart, "y", row.score)),
        lines: [{ label: "", value: `score ${row.score}` }],
      })),
    );
    expect(series).toEqual([]);
  });

  it("points at a bar's middle on a band scale", () => {
    const chart = Plot.barY(rows, { x: "segment", y: "score", tip: true }).plot();
    const band = chart.scale("x")!.bandwidth!;
    const xs = interactionOf(chart).points.map((point) => point.x);
    expect(xs).toEqual(rows.map((row) => Math.round(at(chart, "x", row.segment) + band / 2)));
  });

  it("says how the pointer picks a point, as the marks' tip option does", () => {
    expect(interactionOf(Plot.dot(rows, { x: "day", y: "score", tip: true }).plot()).pointer).toBe("xy");
    expect(interactionOf(Plot.lineY(rows, { x: "day", y: "score", tip: "x" }).plot()).pointer).toBe("x");
    // Plot's stack transform gives barY's tip an x pointer.
    expect(interactionOf(Plot.barY(rows, { x: "segment", y: "score", tip: true }).plot()).pointer).toBe("x");
  });

  it("keeps markup in data as text, and nothing but numbers and strings", () => {
    const markup = "<img src=x onerror=alert(1)>";
    const chart = Plot.dot([{ x: 1, y: 1, note: markup }], {
      x: "x",
      y: "y",
      channels: { note: "note" },
      tip: true,
    }).plot();
    const interaction = interactionOf(chart);
    expect(interaction.points[0].lines).toContainEqual({ label: "note", value: markup });
    expect(JSON.parse(JSON.stringify(interaction))).toEqual(interaction);
  });

  it("samples past CHART_POINT_LIMIT evenly and says how many it left out", () => {
    const many = Array.from({ length: 5000 }, (_, i) => ({ i, v: Math.sin(i / 100) }));
    const chart = Plot.lineY(many, { x: "i", y: "v", tip: true }).plot();
    const { points, omittedPoints } = interactionOf(chart);
    expect(points).toHaveLength(CHART_POINT_LIMIT);
    expect(omittedPoints).toBe(5000 - CHART_POINT_LIMIT);
    expect(points[0].x).toBe(Math.round(at(chart, "x", 0)));
    expect(points.at(-1)!.x).toBeGreaterThan(Math.round(at(chart, "x", 4990)));
  });

  it("sends no interaction for a chart with nothing to point at, and leaves the marks as they were", () => {
    const mark = Plot.dot(rows, { x: "day", y: "score" });
    const output = serializeValue(mark.plot()) as SvgOutput;
    expect(output.kind).toBe("svg");
    expect(output.interaction).toBeUndefined();
    expect(Object.prototype.hasOwnProperty.call(mark, "render")).toBe(false);
  });
});
