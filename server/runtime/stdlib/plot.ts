/**
 * Observable Plot for cells, rendering on the server into the worker's linkedom document
 * (Plot otherwise looks for a browser `window`). The result is a linkedom `<svg>` element, or
 * a `<figure>` when the chart has a title, caption or legend; `serializeValue` turns either
 * into sanitized markup, with the interaction computed while it rendered.
 */
import * as Plot from "@observablehq/plot";
import { plotWithInteraction } from "./chartInteraction.ts";
import { serverDocument } from "./dom.ts";

type PlotOptions = Plot.PlotOptions;
/** Plot's typings omit the `document` option that `legend` reads. */
type LegendOptions = NonNullable<Parameters<typeof Plot.legend>[0]> & Pick<PlotOptions, "document">;

const document = serverDocument as unknown as PlotOptions["document"];

/** Renders on the server and records the chart's tooltips and legend for the browser (chartInteraction.ts). */
function plot(options: PlotOptions = {}): ReturnType<typeof Plot.plot> {
  return plotWithInteraction(Plot.plot, { document, ...options });
}

function legend(options: LegendOptions = {}): ReturnType<typeof Plot.legend> {
  return Plot.legend({ document, ...options } as LegendOptions);
}

/**
 * `Plot.barY(…).plot()` is `Mark.prototype.plot`, which Plot's entry module defines by
 * calling its own `plot` with no document. Importing this module redefines it once, for every
 * mark in this thread, to render into the server document. A `document` option still wins.
 */
Plot.Mark.prototype.plot = function ({ marks = [], ...options }: PlotOptions = {}) {
  return plot({ ...options, marks: [...marks, this as Plot.Markish] });
};

/** The `Plot` namespace cells see. */
export const serverPlot = { ...Plot, plot, legend };
