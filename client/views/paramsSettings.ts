/**
 * The params of the settings panel: one row per param with its type and default. A plain
 * `key: value` param's default is edited, and params are added and removed; a typed
 * declaration (`region: {type: select, options: [eu, us], default: eu}`) shows its type, its
 * `default` is editable when it is a single value (a select's picked among its listed options)
 * and whether share links' readers may set it (`viewer: true`) is a checkbox. A new param is a
 * plain value or a control for readers (select, range, date, text, checkbox) with its options.
 * A number param stays a number, a boolean one a checkbox.
 */
import { button, el } from "../dom.ts";
import type { FieldPath } from "../frontMatter.ts";
import {
  NEW_PARAM_TYPES,
  newParamValue,
  paramNameError,
  paramValue,
  type NewParamType,
  type ParamSetting,
} from "../settings.ts";
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
    this.element.replaceChildren(...rows, this.addRow(params));
  }

  /** The "New param" row: a name, a type (a plain value, or a control for readers), its default, options and audience. */
  private addRow(params: ParamSetting[]): HTMLElement {
    const name = textInput("new-param-name", "name");
    const type = el("select", { attrs: { name: "new-param-type", "aria-label": "Type" } });
    type.append(...NEW_PARAM_TYPES.map((kind) => el("option", { text: kind, attrs: { value: kind } })));
    const value = textInput("new-param-value", "default value");
    const choices = textInput("new-param-choices", "");
    const viewer = el("input", {
      attrs: { type: "checkbox", name: "new-param-viewer", "aria-label": "Readers may set it" },
    });
    const viewerLabel = el("span", { class: "param-viewer" }, viewer, " readers may set it");
    const shape = () => {
      const kind = type.value as NewParamType;
      choices.hidden = kind !== "select" && kind !== "range";
      choices.placeholder = kind === "range" ? "min, max, step: 0, 1, 0.05" : "options: eu, us";
      viewerLabel.hidden = kind === "value";
    };
    type.addEventListener("change", shape);
    shape();
    const adding = new Field("New param", name, () => undefined, type, value, choices, viewerLabel);
    const add = button("Add param", () => {
      const error = paramNameError(
        name.value.trim(),
        params.map((param) => param.name),
      );
      if (error) return adding.fail(error);
      try {
        const kind = type.value as NewParamType;
        const declared = newParamValue({
          type: kind,
          value: value.value,
          choices: choices.value,
          viewer: viewer.checked,
        });
        this.write(adding, ["params", name.value.trim()], declared);
      } catch (problem) {
        adding.fail((problem as Error).message);
      }
    });
    return el("div", { class: "param-add" }, adding.element, add);
  }

  private paramRow(param: ParamSetting): HTMLElement {
    const path: FieldPath = param.declared ? ["params", param.name, "default"] : ["params", param.name];
    const remove = button("✕", () => this.write(field, ["params", param.name], undefined), {
      title: `Remove the param ${param.name}`,
      attrs: { "aria-label": `Remove the param ${param.name}` },
    });
    const type = el("span", { class: "param-type", text: param.declared ? `${param.type} (declared)` : param.type });
    const extras: Node[] = [type];
    if (param.declared) {
      const viewer = el("input", {
        attrs: { type: "checkbox", name: `param-${param.name}-viewer`, "aria-label": `Readers may set ${param.name}` },
      });
      viewer.checked = param.viewer === true;
      viewer.addEventListener("change", () =>
        this.write(field, ["params", param.name, "viewer"], viewer.checked ? true : undefined),
      );
      extras.push(el("span", { class: "param-viewer", title: "Share links' readers may set it" }, viewer, " readers"));
    }
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
      const field: AnyField = new Field(param.name, choice, pick, ...extras, remove);
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
    const field: AnyField = new Field(param.name, input, commit, ...extras, remove);
    return field.element;
  }
}
