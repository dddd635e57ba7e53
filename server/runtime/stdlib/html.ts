/** The `html` tagged template of the cell standard library, escaping interpolated values; see `html` below. */
import { escapeHtml } from "../../render/escape.ts";
import { isDomNode, markupOf, parseMarkup, type DomNode } from "./dom.ts";

/**
 * The `html` tagged template for cells: builds a node of the server-side DOM from trusted
 * template text and untrusted values. Every interpolated value is escaped as text, except
 * DOM nodes — earlier `html` results and Plot charts — which are inserted as markup; arrays
 * are joined; `null`, `undefined` and `false` insert nothing.
 *
 * The result is a linkedom node (one element or text node, or a fragment when the template
 * has several top-level nodes), so `serializeValue` sanitizes it like any DOM value and shows
 * it as an `html` output. Quote attribute values (`title="${x}"`); unsafe attributes and
 * URLs are removed by the sanitizer in any case.
 */
export function html(strings: TemplateStringsArray, ...values: unknown[]): DomNode {
  let markup = strings[0];
  values.forEach((value, index) => {
    markup += interpolation(value) + strings[index + 1];
  });
  return parseMarkup(markup);
}

function interpolation(value: unknown): string {
  if (value === null || value === undefined || value === false) return "";
  if (Array.isArray(value)) return value.map(interpolation).join("");
  if (isDomNode(value)) return markupOf(value);
  return escapeHtml(String(value));
}
