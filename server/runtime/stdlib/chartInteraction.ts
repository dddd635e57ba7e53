/**
 * The interactive layer of a server-rendered Plot chart (protocol `ChartInteraction`): while
 * Plot renders, each mark's render call is observed to learn its points in SVG coordinates, and
 * each mark with `tip` or a `title` channel is asked, through Plot's own Tip mark, what its
 * tooltip says at each point. The browser then shows tooltips, a crosshair and legend toggles
 * from these values alone, without the spec (whose functions and cell code must never reach a
 * share viewer; issue 24 item 4).
 */
import * as Plot from "@observablehq/plot";
import { CHART_POINT_LIMIT, type ChartInteraction, type ChartPoint, type ChartSeries } from "../../protocol/index.ts";
import { ELEMENT_NODE, TEXT_NODE, type DomNode } from "./dom.ts";

/** Plot's render signature (plot.js calls `mark.render(index, scales, values, dimensions, context)`). */
type Render = (this: unknown, ...args: RenderArgs) => unknown;
type RenderArgs = [
  index: Indexes | null,
  scales: Scales,
  values: Values,
  dimensions: Dimensions,
  context: object,
  next?: unknown,
];
type Indexes = ArrayLike<number> & { fi?: number };
type Scales = Record<string, unknown>;
type Values = Record<string, ArrayLike<unknown> | undefined> & { channels: Record<string, { scale?: string }> };
interface Dimensions {
  width: number;
  height: number;
  marginTop: number;
  marginRight: number;
  marginBottom: number;
  marginLeft: number;
}
interface ObservedMark {
  render: Render;
  tip?: unknown;
  data?: unknown;
}
type Observed = { mark: ObservedMark; args: RenderArgs };

/** Tooltip text past these is cut: a line at LINE_CHARS, a point at POINT_LINES, a chart at TEXT_BYTES. */
const LINE_CHARS = 200;
const POINT_LINES = 12;
const TEXT_BYTES = 512 * 1024;
/** Legends past this many series are not made toggleable (Plot draws a ramp, not swatches, for many). */
const SERIES_LIMIT = 50;

/** Every chart `plotWithInteraction` rendered, with its interaction (null when it has nothing to point at). */
const charts = new WeakMap<object, ChartInteraction | null>();

/** Whether `node` is a Plot chart rendered here, and its interaction; undefined for any other node. */
export function plotChartOf(node: object): { interaction?: ChartInteraction } | undefined {
  const interaction = charts.get(node);
  if (interaction === undefined) return undefined;
  return interaction === null ? {} : { interaction };
}

/**
 * Renders `options` with `plot` while observing every mark's render call (an own `render` is put
 * on each mark for the duration, as Plot's render transforms do, and taken off after), then
 * records the chart's interaction for serialization. A chart Plot fails to render throws as before.
 */
export function plotWithInteraction<Chart extends object>(
  plot: (options: Plot.PlotOptions) => Chart,
  options: Plot.PlotOptions,
): Chart {
  const observed: Observed[] = [];
  const restores = userMarks(options.marks).map((mark) => observe(mark, observed));
  let chart: Chart;
  try {
    chart = plot(options);
  } finally {
    for (const restore of restores) restore();
  }
  charts.set(chart, safeInteractionOf(chart as Chart & { scale?: (name: string) => unknown }, observed));
  return chart;
}

/** The Mark instances among Plot's `marks` option (nested arrays included; render functions have no data). */
function userMarks(marks: unknown): ObservedMark[] {
  if (Array.isArray(marks)) return [...new Set(marks.flatMap(userMarks))];
  return marks instanceof Plot.Mark ? [marks as unknown as ObservedMark] : [];
}

function observe(mark: ObservedMark, observed: Observed[]): () => void {
  const own = Object.prototype.hasOwnProperty.call(mark, "render");
  const render = mark.render;
  mark.render = function (this: unknown, ...args: RenderArgs) {
    observed.push({ mark, args });
    return render.apply(this, args);
  };
  return () => {
    if (own) mark.render = render;
    else delete (mark as Partial<ObservedMark>).render;
  };
}

/** The interaction is an extra: a mark Plot's Tip cannot describe (exotic channels, a projection) leaves the chart static, never broken. */
function safeInteractionOf(
  chart: { scale?: (name: string) => unknown },
  observed: Observed[],
): ChartInteraction | null {
  try {
    return interactionOf(chart, observed) ?? null;
  } catch {
    return null;
  }
}

function interactionOf(
  chart: { scale?: (name: string) => unknown },
  observed: Observed[],
): ChartInteraction | undefined {
  const first = observed[0];
  if (!first) return undefined;
  const { width, height, marginTop, marginRight, marginBottom, marginLeft } = first.args[3];
  const frame = { left: marginLeft, top: marginTop, right: width - marginRight, bottom: height - marginBottom };
  const series = legendSeries(chart.scale?.("color"));
  const pointing = observed.filter(
    ({ mark, args }) => args[0] && args[0].fi === undefined && hasTooltip(mark, args[2]),
  );
  const total = pointing.reduce((sum, { args }) => sum + (args[0]?.length ?? 0), 0);
  const points: ChartPoint[] = [];
  let bytes = 0;
  for (const { mark, args } of pointing) {
    const index = sample(
      args[0]!,
      Math.floor((CHART_POINT_LIMIT * args[0]!.length) / Math.max(total, CHART_POINT_LIMIT)),
    );
    for (const point of tooltipPoints(mark, index, args, series)) {
      bytes += point.lines.reduce((sum, line) => sum + line.label.length + line.value.length, 0);
      if (bytes > TEXT_BYTES) break;
      points.push(point);
    }
  }
  if (points.length === 0 && series.length === 0) return undefined;
  const pointer = pointerOf(pointing.find(({ mark }) => mark.tip)?.mark.tip);
  return { frame, pointer, points, omittedPoints: total - points.length, series };
}

/** Plot's tip shows marks with `tip`; a `title` channel is a tooltip too (SVG's `<title>`); a Tip mark is one itself. */
function hasTooltip(mark: ObservedMark, values: Values): boolean {
  return mark instanceof Plot.Tip || Boolean(mark.tip) || "title" in values;
}

/** At most `limit` of the index, evenly spaced, so a long line keeps its whole x range. */
function sample(index: ArrayLike<number>, limit: number): number[] {
  const all = Array.from(index);
  if (all.length <= limit) return all;
  const step = all.length / limit;
  return Array.from({ length: limit }, (_, k) => all[Math.floor(k * step)]);
}

/**
 * Each point's position and tooltip as Plot's Tip mark draws them: a Tip (the mark itself, or
 * one made from the mark's `tip` options as Plot's inferTips makes it) renders every point of
 * `index` with the mark's values, and each tip's `translate` is where the point is.
 */
function tooltipPoints(mark: ObservedMark, index: number[], args: RenderArgs, series: ChartSeries[]): ChartPoint[] {
  const [, scales, values, dimensions, context] = args;
  const tip =
    mark instanceof Plot.Tip ? mark : Plot.tip(mark.data as Plot.Data, { ...tipOptions(mark.tip), title: null });
  const group = (Plot.Tip.prototype.render as unknown as Render).call(
    tip,
    index,
    scales,
    values,
    dimensions,
    context,
  ) as DomNode & {
    getAttribute(name: string): string | null;
  };
  const [offsetX, offsetY] = translation(group.getAttribute("transform"));
  const colors = (values.fill ?? values.stroke) as ArrayLike<unknown> | undefined;
  return Array.from(group.childNodes, (tipGroup, k) => {
    const [x, y] = translation((tipGroup as typeof group).getAttribute("transform"));
    const point: ChartPoint = { x: x + offsetX, y: y + offsetY, lines: tipLines(tipGroup) };
    const seriesIndex = series.findIndex((each) => each.color === colors?.[index[k]]);
    if (seriesIndex >= 0) point.series = seriesIndex;
    return point;
  }).filter((point) => Number.isFinite(point.x) && Number.isFinite(point.y));
}

/** The pointer of a mark's `tip` (Plot's maybeTip and withTip leave "xy", "x", "y" or options with a `pointer`). */
function pointerOf(tip: unknown): ChartInteraction["pointer"] {
  const pointer = typeof tip === "string" ? tip : (tip as { pointer?: unknown } | undefined)?.pointer;
  return pointer === "x" || pointer === "y" ? pointer : "xy";
}

/** A mark's `tip` option as Plot's inferTips reads it (`true`, a pointer name, or options). */
function tipOptions(tip: unknown): Plot.TipOptions {
  if (typeof tip === "string") return {};
  return typeof tip === "object" && tip !== null ? (tip as Plot.TipOptions) : {};
}

function translation(transform: string | null): [number, number] {
  const match = /translate\(([-\d.e]+),\s*([-\d.e]+)\)/.exec(transform ?? "");
  return match ? [Number(match[1]), Number(match[2])] : [0, 0];
}

/**
 * The lines of one rendered tip: each top-level `<tspan>` is a line with an optional bold label
 * tspan, the value as text, an optional " ■" swatch and, when Plot clipped the value, its full
 * text in a `<title>` (taken instead of the clipped one).
 */
function tipLines(tipGroup: DomNode): ChartPoint["lines"] {
  const text = Array.from(tipGroup.childNodes).find((node) => node.localName === "text");
  const lines = Array.from(text?.childNodes ?? []).filter((node) => node.localName === "tspan");
  return lines.slice(0, POINT_LINES).map((line) => {
    let label = "";
    let value = "";
    let full: string | undefined;
    for (const part of Array.from(line.childNodes)) {
      if (part.nodeType === TEXT_NODE) value += part.textContent ?? "";
      else if (part.nodeType === ELEMENT_NODE && part.localName === "title") full = part.textContent ?? "";
      else if (part.nodeType === ELEMENT_NODE && part.textContent !== " ■") label += part.textContent ?? "";
    }
    return { label: clip(label.replace(/\u200b/g, "")), value: clip((full ?? value).replace(/\u200b/g, "").trim()) };
  });
}

const clip = (text: string) => (text.length > LINE_CHARS ? `${text.slice(0, LINE_CHARS)}…` : text);

/** A categorical color scale's domain with the color of each (`plot.scale("color")`); none for other scales. */
function legendSeries(scale: unknown): ChartSeries[] {
  const color = scale as { type?: string; domain?: unknown[]; apply?: (value: unknown) => unknown } | undefined;
  if (!color?.apply || !color.domain || !["ordinal", "categorical"].includes(color.type ?? "")) return [];
  if (color.domain.length > SERIES_LIMIT) return [];
  return color.domain.map((value) => ({ label: clip(String(value)), color: String(color.apply!(value)) }));
}
