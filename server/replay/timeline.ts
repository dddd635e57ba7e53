/**
 * A replay drawn with Observable Plot on the server (runtime/stdlib/plot.ts renders into a
 * linkedom document, as cells' charts are): per instance, its value over the steps as a line,
 * its state at each step as a band of colour beneath it, and its firing episodes shaded across
 * the chart; per metric, its series. The HTML report and the editor show the same SVG.
 */
import { serverPlot as Plot } from "../runtime/stdlib/plot.ts";
import { sanitizedMarkup } from "../runtime/stdlib/sanitize.ts";
import type { DomNode } from "../runtime/stdlib/dom.ts";
import type { AlertState } from "../protocol/index.ts";
import type { ReplayResult } from "./types.ts";

/** One colour per state, on the band under each timeline. */
export const STATE_COLORS: Record<AlertState, string> = {
  normal: "#d0d7de",
  pending: "#d4a72c",
  firing: "#cf222e",
  resolved: "#2da44e",
  nodata: "#8c959f",
  error: "#8250df",
};

const WIDTH = 720;
const HEIGHT = 200;

/**
 * The timeline of one instance (`RULE` or `RULE[key]`) as SVG markup. Non-numeric values draw
 * no line; the band and the episodes still show when it fired.
 */
export function ruleTimeline(result: ReplayResult, key: string): string {
  const steps = result.steps.map((step) => ({ at: new Date(step.at), alert: step.alerts[key] }));
  const stepMs = steps.length > 1 ? steps[1].at.getTime() - steps[0].at.getTime() : 0;
  const values = steps.flatMap(({ at, alert }) =>
    typeof alert?.value === "number" && Number.isFinite(alert.value) ? [{ at, value: alert.value }] : [],
  );
  const [low, high] = extent(values.map(({ value }) => value));
  const bandTop = low - (high - low) * 0.08;
  const bandBottom = low - (high - low) * 0.2;
  // A state holds from its evaluation until the next one, as alerting UIs draw state timelines.
  const band = steps.flatMap(({ at, alert }) =>
    alert ? [{ from: at, to: new Date(at.getTime() + stepMs), state: alert.state }] : [],
  );
  const end = new Date(steps[steps.length - 1].at.getTime() + stepMs);
  const episodes = (result.rules[key]?.episodes ?? []).map((episode) => ({
    from: new Date(episode.start),
    to: episode.end === null ? end : new Date(episode.end),
  }));
  return markup(
    Plot.plot({
      width: WIDTH,
      height: HEIGHT,
      marginLeft: 50,
      x: { type: "utc", label: null },
      y: { domain: [bandBottom, high], label: key, grid: true },
      color: { domain: Object.keys(STATE_COLORS), range: Object.values(STATE_COLORS) },
      marks: [
        Plot.rectX(episodes, { x1: "from", x2: "to", fill: STATE_COLORS.firing, fillOpacity: 0.12 }),
        Plot.rect(band, { x1: "from", x2: "to", y1: bandBottom, y2: bandTop, fill: "state", title: "state" }),
        Plot.lineY(values, { x: "at", y: "value", stroke: "#1f6feb" }),
        Plot.dot(values, { x: "at", y: "value", fill: "#1f6feb", r: 2 }),
      ],
    }),
  );
}

/** One line chart per metric the replay recorded, by series name. */
export function metricTimelines(result: ReplayResult): Record<string, string> {
  const names = [...new Set(result.steps.flatMap((step) => Object.keys(step.metrics)))];
  return Object.fromEntries(
    names.map((name) => {
      const points = result.steps.flatMap((step) =>
        Object.hasOwn(step.metrics, name) ? [{ at: new Date(step.at), value: step.metrics[name] }] : [],
      );
      const chart = Plot.plot({
        width: WIDTH,
        height: HEIGHT,
        marginLeft: 50,
        x: { type: "utc", label: null },
        y: { label: name, grid: true },
        marks: [
          Plot.lineY(points, { x: "at", y: "value", stroke: "#1f6feb" }),
          Plot.dot(points, { x: "at", y: "value", fill: "#1f6feb", r: 2 }),
        ],
      });
      return [name, markup(chart)];
    }),
  );
}

/** The lowest and highest value, widened to a unit range when there are none or they are all equal. */
function extent(values: number[]): [number, number] {
  if (values.length === 0) return [0, 1];
  const low = Math.min(...values);
  const high = Math.max(...values);
  return low === high ? [low - 0.5, high + 0.5] : [low, high];
}

/** Plot's SVG, sanitized as cells' charts are before they reach a page. */
function markup(chart: ReturnType<typeof Plot.plot>): string {
  return sanitizedMarkup(chart as unknown as DomNode);
}
