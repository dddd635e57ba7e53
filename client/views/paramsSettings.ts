/**
 * The params of the settings panel: one row per param with its type and default. A plain
 * `key: value` param's default is edited, and params are added and removed; a typed
 * declaration (`region: {type: select, options: [eu, us], default: eu}`) shows its type, and
 * its `default` is editable when it is a single value (a select's picked among its listed
 * options) — its options and the rest are edited in the file. A number param stays a number, a boolean one a checkbox.
 */
import { button, el } from "../dom.ts";
import type { FieldPath } from "../frontMatter.ts";
import { paramNameError, paramValue, type ParamSetting } from "../settings.ts";
import { Field, textInput, type AnyField, type WriteField } from "./settingField.ts";

/** Declared types whose default is one value the panel can edit. */
const SCALAR_TYPES = ["select", "text", "date", "range", "checkbox"];

export class ParamsSettings {
  readonly element = el("div", { class: "params-settings" });
  private drawn = "";

  constructor(private readonly write: WriteField) {}

  /** Shows the front matter's params; the rows are drawn again only when the params changed. */
  show(params: ParamSetting[]): void {
    const drawn = JSON.stringify(params);
    if (drawn === this.drawn) return;
    this.drawn = drawn;
    const rows = params.map((param) => this.paramRow(param));
    const name = textInput("new-param-name", "name");
    const value = textInput("new-param-value", "default value");
    const adding = new Field("New param", name, () => undefined, value);
    const add = button("Add param", () => {
      const error = paramNameError(
        name.value.trim(),
        params.map((param) => param.name),
      );
      if (error) return adding.fail(error);
      const number = Number(value.value);
      const typed = value.value.trim() !== "" && Number.isFinite(number) ? number : value.value;
      this.write(adding, ["params", name.value.trim()], typed);
    });
    this.element.replaceChildren(...rows, el("div", { class: "param-add" }, adding.element, add));
  }

  private paramRow(param: ParamSetting): HTMLElement {
    const path: FieldPath = param.declared ? ["params", param.name, "default"] : ["params", param.name];
    const remove = button("✕", () => this.write(field, ["params", param.name], undefined), {
      title: `Remove the param ${param.name}`,
      attrs: { "aria-label": `Remove the param ${param.name}` },
    });
    const type = el("span", { class: "param-type", text: param.declared ? `${param.type} (declared)` : param.type });
    if (param.options) {
      // A select's default is one of its options.
      const options = param.options.map(String);
      const choice = el("select", { attrs: { name: `param-${param.name}` } });
      choice.append(...["", ...options].map((option) => el("option", { text: option, attrs: { value: option } })));
      choice.value = param.value === undefined ? "" : String(param.value);
      const pick = (field: AnyField) => {
        const index = options.indexOf(field.input.value);
        this.write(field, path, index < 0 ? undefined : param.options![index]);
      };
      const field: AnyField = new Field(param.name, choice, pick, type, remove);
      return field.element;
    }
    const scalar = ["string", "number", "boolean"].includes(typeof param.value) || param.value === undefined;
    const editable = scalar && (!param.declared || SCALAR_TYPES.includes(param.type));
    const input = el("input", { attrs: { name: `param-${param.name}` } });
    if (typeof param.value === "boolean" || param.type === "checkbox") {
      input.type = "checkbox";
      input.checked = param.value === true;
    } else {
      input.type = "text";
      input.value = scalar ? String(param.value ?? "") : JSON.stringify(param.value);
    }
    input.readOnly = !editable;
    input.disabled = !editable && input.type === "checkbox";
    if (!editable) input.title = "Edit this value in the file";
    const commit = () => {
      if (input.type === "checkbox") return this.write(field, path, input.checked);
      try {
        this.write(field, path, paramValue(input.value, param.type));
      } catch (error) {
        field.fail((error as Error).message);
      }
    };
    const field: AnyField = new Field(param.name, input, commit, type, remove);
    return field.element;
  }
}
