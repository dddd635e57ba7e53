/**
 * One field of the settings panel: a labelled input (or select) that commits when it is left
 * or Enter is pressed, with the line beside it that says why a value was refused.
 */
import { el } from "../dom.ts";
import type { FieldPath } from "../frontMatter.ts";

/** A labelled input with the line that says why its value was refused. */
export class Field<T extends HTMLInputElement | HTMLSelectElement = HTMLInputElement> {
  readonly error = el("span", { class: "field-error", attrs: { role: "alert" } });
  readonly element: HTMLElement;

  constructor(
    label: string,
    readonly input: T,
    commit: (field: Field<T>) => void,
    ...extra: Node[]
  ) {
    this.element = el(
      "label",
      { class: "setting" },
      el("span", { class: "setting-name", text: label }),
      input,
      ...extra,
      this.error,
    );
    input.addEventListener("change", () => commit(this));
  }

  /** Shows `value` unless the user is typing here or the field shows a refused value. */
  show(value: string): void {
    if (document.activeElement !== this.input && this.error.textContent === "") this.input.value = value;
  }

  fail(message: string): void {
    this.error.textContent = message;
    this.input.setAttribute("aria-invalid", "true");
  }

  clear(): void {
    this.error.textContent = "";
    this.input.removeAttribute("aria-invalid");
  }
}

export const textInput = (name: string, placeholder = "") =>
  el("input", { attrs: { type: "text", name, placeholder } });

export type AnyField = Field<HTMLInputElement | HTMLSelectElement>;

/** Writes one front matter field, or shows on `field` why it cannot be written. */
export type WriteField = (field: AnyField, path: FieldPath, value: unknown) => void;
