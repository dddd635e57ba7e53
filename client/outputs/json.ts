/** Renders a `json` output as a lazily built, collapsible tree, noting when the server truncated the value. */
import type { JsonOutput } from "../../server/protocol/index.ts";
import { el } from "../dom.ts";

/**
 * A value in a collapsible inspector: objects and arrays are `<details>` nodes (the top level
 * open), whose children are built when first opened, so a large value costs nothing until
 * someone looks inside.
 */
export function renderJson(output: JsonOutput): HTMLElement {
  const box = el("div", { class: "output output-json" }, inspect(output.value, undefined, true));
  if (output.truncated) box.append(el("p", { class: "note", text: `truncated: ${output.truncated}` }));
  return box;
}

function inspect(value: unknown, key: string | undefined, open: boolean): HTMLElement {
  const label = key === undefined ? [] : [el("span", { class: "json-key", text: key }), ": "];
  if (value === null || typeof value !== "object") {
    return el(
      "div",
      { class: "json-leaf" },
      ...label,
      el("span", { class: `json-${value === null ? "null" : typeof value}`, text: scalarText(value) }),
    );
  }
  const entries: [string, unknown][] = Array.isArray(value)
    ? value.map((item, index) => [String(index), item])
    : Object.entries(value);
  const details = el(
    "details",
    { class: "json-node" },
    el("summary", {}, ...label, el("span", { class: "json-preview", text: preview(value, entries) })),
  );
  const fill = () =>
    details.append(el("div", { class: "json-children" }, ...entries.map(([name, item]) => inspect(item, name, false))));
  if (open) {
    details.open = true;
    fill();
  } else {
    details.addEventListener("toggle", fill, { once: true });
  }
  return details;
}

function scalarText(value: unknown): string {
  return typeof value === "string" ? JSON.stringify(value) : String(value);
}

/** `Array(3)`, or `{day, mean, p90, …}` naming the first keys. */
function preview(value: object, entries: [string, unknown][]): string {
  if (Array.isArray(value)) return `Array(${value.length})`;
  const names = entries.slice(0, 4).map(([name]) => name);
  return `{${names.join(", ")}${entries.length > names.length ? ", …" : ""}}`;
}
