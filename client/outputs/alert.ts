import type { AlertInstanceOutput, AlertOutput } from "../../server/protocol/index.ts";
import { el } from "../dom.ts";
import { compactJson } from "./format.ts";

/**
 * An alert rule's evaluation on this run: a plain rule as one status line (firing or ok, with
 * the value of `when`), an `each` rule as the count of instances firing and one line each.
 */
export function renderAlert(output: AlertOutput): HTMLElement {
  const title = ["alert ", el("strong", { text: output.name })];
  const severity = output.severity ? ` (${output.severity})` : "";
  if (!output.instances.some((instance) => instance.key !== undefined)) {
    const [instance] = output.instances;
    const state = !instance ? "unknown" : stateOf(instance);
    return el("div", { class: `output output-alert alert-${state}` }, ...title, `: ${state}${severity}${instance ? valueText(instance.value) : ""}`);
  }
  const firing = output.instances.filter((instance) => instance.condition).length;
  const items = output.instances.map((instance) => el("li", { class: `alert-${stateOf(instance)}`, text: `${instance.key ?? ""}: ${stateOf(instance)}${valueText(instance.value)}` }));
  return el(
    "div",
    { class: `output output-alert alert-${firing ? "firing" : "ok"}` },
    ...title,
    `: ${firing} of ${output.instances.length} instances firing${severity}`,
    el("ul", {}, ...items),
  );
}

function stateOf(instance: AlertInstanceOutput): "firing" | "ok" {
  return instance.condition ? "firing" : "ok";
}

function valueText(value: unknown): string {
  return value === null || value === undefined ? "" : ` · value ${compactJson(value)}`;
}
