/** Renders an `error` output: its message in a `role="alert"` box, with the workbook line it points at when known. */
import type { ErrorOutput } from "../../server/protocol/index.ts";
import { el } from "../dom.ts";

/** A cell's error, with the line of the workbook file it points at. */
export function renderError(output: ErrorOutput): HTMLElement {
  return el(
    "div",
    { class: "output output-error", attrs: { role: "alert" } },
    el("strong", { text: `Error${placeOf(output)}` }),
    el("pre", { text: output.message }),
  );
}

/** " at line 12:5", " at line 12" or "" when the error has no position. */
function placeOf(output: ErrorOutput): string {
  if (output.line === undefined) return "";
  return ` at line ${output.line}${output.column === undefined ? "" : `:${output.column}`}`;
}
