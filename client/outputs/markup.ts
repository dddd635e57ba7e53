/** Renders `svg` and `html` outputs by inserting the markup the server already sanitized. */
import type { HtmlOutput, SvgOutput } from "../../server/protocol/index.ts";
import { el } from "../dom.ts";
import { hydrateChart } from "./chart.ts";

/**
 * Plot charts and `html` cell results. Their markup was sanitized on the server when the value
 * was serialized (no scripts, event handlers or javascript: URLs), so it is inserted as is:
 * the only outputs that are not built from text. A chart with an `interaction` is then hydrated
 * (tooltips, crosshair, legend toggles) from the values the server computed.
 */
export function renderMarkup(output: SvgOutput | HtmlOutput): HTMLElement {
  const container = el("div", { class: `output output-${output.kind}` });
  container.innerHTML = output.kind === "svg" ? output.svg : output.html;
  if (output.kind === "svg" && output.interaction) hydrateChart(container, output.interaction);
  return container;
}
