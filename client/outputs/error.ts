/** Renders an `error` output: its message in a `role="alert"` box, with where it is in its cell when known. */
import { placeText, type ErrorOutput } from "../../server/protocol/index.ts";
import { el } from "../dom.ts";

/** A cell's error, with its line and column in the cell, as the cell's editor gutter numbers them. */
export function renderError(output: ErrorOutput): HTMLElement {
  const place = placeText(output);
  return el(
    "div",
    { class: "output output-error", attrs: { role: "alert" } },
    el("strong", { text: `Error${place ? ` at ${place}` : ""}` }),
    el("pre", { text: output.message }),
  );
}
