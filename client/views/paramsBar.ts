/**
 * The bar of param controls above a workbook, in the editor and in share views: one control of
 * @observablehq/inputs per param (select, date, text, toggle; ranges and numbers as typed text inputs), the same controls
 * Observable notebooks show. A change is written to the page's URL (`?region=eu&window=7d`;
 * params at their default are left out), so the view can be linked, and handed to the page,
 * which asks the server for the session of those values: a preview for this viewer only.
 */
import * as Inputs from "@observablehq/inputs";
import "@observablehq/inputs/dist/index.css";
import "./paramsBar.css";
import type { ParamControl, ParamValue } from "../../server/protocol/index.ts";
import { el } from "../dom.ts";

/** How long typing in a text or number, or sliding a range, waits before it asks for a new session. */
const SETTLE_MS = 400;

type Input = Inputs.InputForm<unknown>;

export class ParamsBar {
  readonly element = el("div", { class: "params-bar", attrs: { role: "group", "aria-label": "Params" } });
  private controls: ParamControl[] = [];
  private readonly inputs = new Map<string, Input>();
  private shape = "";
  private settle: ReturnType<typeof setTimeout> | undefined;

  /** `changed` gets the URL text of every param not at its default. */
  constructor(private readonly changed: (params: Record<string, string>) => void) {
    this.element.hidden = true;
  }

  /** Shows these controls; when only their values changed, updates the inputs the reader is not using. */
  show(controls: ParamControl[]): void {
    this.controls = controls;
    this.element.hidden = controls.length === 0;
    const shape = JSON.stringify(controls.map(({ value: _value, ...rest }) => rest));
    if (shape !== this.shape) {
      this.shape = shape;
      this.inputs.clear();
      this.element.replaceChildren(...controls.map((control) => this.create(control)));
      return;
    }
    for (const control of controls) {
      const input = this.inputs.get(control.name);
      if (input && !input.contains(document.activeElement) && textOf(control, input.value) !== text(control.value))
        input.value = inputValue(control, control.value);
    }
  }

  private create(control: ParamControl): HTMLElement {
    const input = inputFor(control) as Input;
    input.dataset.param = control.name;
    this.inputs.set(control.name, input);
    input.addEventListener("input", () => {
      clearTimeout(this.settle);
      const typed = control.input === "text" || control.input === "number" || control.input === "range";
      this.settle = setTimeout(() => this.changedNow(), typed ? SETTLE_MS : 0);
    });
    if (control.error === undefined) return input;
    return el("div", { class: "params-control" }, input, el("p", { class: "params-error", text: control.error }));
  }

  private changedNow(): void {
    const params: Record<string, string> = {};
    const url = new URL(location.href);
    for (const control of this.controls) {
      const input = this.inputs.get(control.name);
      const value = input ? textOf(control, input.value) : text(control.value);
      if (value === text(control.default)) url.searchParams.delete(control.name);
      else url.searchParams.set(control.name, (params[control.name] = value));
    }
    history.replaceState(history.state, "", url);
    this.changed(params);
  }
}

/** The page URL's params: what a link asks for (the server keeps what the workbook declares). */
export function urlParams(): Record<string, string> {
  return Object.fromEntries(new URLSearchParams(location.search));
}

function inputFor(control: ParamControl): Inputs.InputForm<unknown> {
  const label = control.label ?? control.name;
  const value = inputValue(control, control.value);
  switch (control.input) {
    case "select":
      return Inputs.select(control.options ?? [], { label, value: value as ParamValue, format: text });
    case "range":
    case "number":
      return numberInput(control, label);
    case "date":
      return Inputs.date({ label, value: value as string | null });
    case "text":
      return Inputs.text({ label, value: value as string });
    case "checkbox":
      return Inputs.toggle({ label, value: value as boolean });
    default: {
      const unknown: never = control.input;
      throw new Error(`unknown param input ${String(unknown)}`);
    }
  }
}

/**
 * A range (with its value shown beside it) or a number. Inputs.range and Inputs.number set
 * their `oninput` through an inline attribute first, which the pages' Content-Security-Policy
 * (script-src 'self', no inline handlers) refuses and reports; Inputs.text makes the same
 * styled form with a plain `<input type=range|number>` and no handler attribute.
 */
function numberInput(control: ParamControl, label: string): Inputs.InputForm<unknown> {
  const type = control.input === "range" ? "range" : "number";
  const form = Inputs.text({ label, type, min: control.min, max: control.max, value: text(control.value) });
  const input = form.querySelector("input")!;
  input.step = control.step === undefined ? "any" : String(control.step);
  form.value = text(control.value); // again: the browser rounded it to the default step of 1
  if (type === "range") {
    const shown = el("output", { text: text(control.value) });
    input.after(shown);
    form.addEventListener("input", () => (shown.textContent = input.value));
  }
  return form;
}

/** A param value as its input takes it. */
function inputValue(control: ParamControl, value: ParamValue): unknown {
  if (control.input === "select") return control.options?.find((option) => text(option) === text(value)) ?? value;
  return value;
}

/** An input's value as URL text: a date as YYYY-MM-DD. */
function textOf(control: ParamControl, value: unknown): string {
  if (control.input === "date")
    return value instanceof Date ? value.toISOString().slice(0, 10) : text(value as ParamValue);
  return text(value as ParamValue);
}

function text(value: ParamValue): string {
  return value === null ? "" : String(value);
}
