/** Renders an `alert` output: the rule's name and where it stands (or would, in a preview), worded by the protocol's `alertText`. */
import { alertText, type AlertOutput } from "../../server/protocol/index.ts";
import { el } from "../dom.ts";

/** An alert rule's evaluation on this run, worded by `alertText`: a status line, and a line per instance of an `each` rule. */
export function renderAlert(output: AlertOutput): HTMLElement {
  const { state, preview, status, items } = alertText(output);
  const box = el(
    "div",
    { class: `output output-alert alert-${state}${preview ? " alert-preview" : ""}` },
    "alert ",
    el("strong", { text: output.name }),
    `: ${status}`,
  );
  if (items)
    box.append(el("ul", {}, ...items.map((item) => el("li", { class: `alert-${item.state}`, text: item.text }))));
  return box;
}
