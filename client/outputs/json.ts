/**
 * Renders a `json` output, and nested values in tables, with Observable's inspector
 * (@observablehq/inspector 5.0.1): the collapsible, lazily expanded view Observable and
 * Framework users know, noting when the server truncated the value. The inspector builds its
 * nodes from text, so a string from data never becomes markup.
 */
/// <reference path="./inspector.d.ts" />
import { Inspector } from "@observablehq/inspector";
import type { JsonOutput } from "../../server/protocol/index.ts";
import { el } from "../dom.ts";
import "./inspector.css";

export function renderJson(output: JsonOutput): HTMLElement {
  const box = el("div", { class: "output output-json" }, inspectValue(output.value, true));
  if (output.truncated) box.append(el("p", { class: "note", text: `truncated: ${output.truncated}` }));
  return box;
}

/**
 * A value in an inspector: objects and arrays as a one-line preview that expands on click, or
 * with `expanded` their first level open (the inspector keeps a value expanded when the node
 * it replaces was: its own way to say so).
 */
export function inspectValue(value: unknown, expanded = false): HTMLElement {
  const node = el("div", { class: "inspector" });
  if (expanded) node.append(el("span", { class: "observablehq--expanded" }));
  new Inspector(node).fulfilled(value);
  return node;
}
