/**
 * The front matter's `params` as declarations: what each param is, which control shows it, and
 * whether a share link's viewer may set it. A param is declared with a mapping that has a `type`
 *
 *   region: {type: select, options: [eu, us], default: eu, viewer: true}
 *   segment: {type: select, options: {query: "select distinct segment from credit"}, default: retail}
 *   threshold: {type: range, min: 0, max: 1, step: 0.05, default: 0.3}
 *   since: {type: date}            note: {type: text}            strict: {type: checkbox}
 *
 * or, as before, by its default alone (`window: 24h`), its control inferred from the value
 * (text, number, checkbox; a list or mapping gets none). The controls are those of
 * @observablehq/inputs (https://github.com/observablehq/inputs): select, range, date, text,
 * toggle. A faulty declaration is a problem on its file line; the param keeps its `default`
 * but shows no control and takes no value from a URL or `--param`.
 */
import { isMap, isScalar, LineCounter, parseDocument, type Node, type Pair } from "yaml";
import type { ParamInput, ParamValue, Problem } from "../protocol/index.ts";
import type { FrontMatter } from "./types.ts";

/** The types a declaration may name: each is one control of @observablehq/inputs. */
export const PARAM_TYPES = ["select", "range", "date", "text", "checkbox"] as const;
type DeclaredType = (typeof PARAM_TYPES)[number];
const KEYS = new Set(["type", "label", "options", "default", "min", "max", "step", "viewer"]);
/** Whether `text` is a calendar day written YYYY-MM-DD, as `<input type=date>` writes it (2026-02-30 is not). */
export function isDate(text: string): boolean {
  const time = /^\d{4}-\d{2}-\d{2}$/.test(text) ? Date.parse(`${text}T00:00:00Z`) : NaN;
  return !Number.isNaN(time) && new Date(time).toISOString().startsWith(text);
}

export interface ParamDeclaration {
  name: string;
  /** The control; `json` for a list or mapping default, which only `--param` can override. */
  input: ParamInput | "json";
  label?: string;
  /** A select's choices, when listed in the file. */
  options?: ParamValue[];
  /** A select's choices, when read from the data: a read-only query whose first column holds them. */
  optionsQuery?: string;
  min?: number;
  max?: number;
  step?: number;
  default: unknown;
  /** A share link's URL may set it. */
  viewer: boolean;
  /** False when the declaration has a problem: the default stands, nothing may override it. */
  valid: boolean;
  /** 1-based file line of the param's key. */
  line: number;
}

/** Reads the declarations of the front matter's `params`, with a problem per fault naming its file line. */
export function declareParams(frontMatter: FrontMatter | undefined): {
  declarations: ParamDeclaration[];
  problems: Problem[];
} {
  const params = frontMatter?.data.params;
  if (params === undefined || params === null) return { declarations: [], problems: [] };
  const lineCounter = new LineCounter();
  // The YAML starts after the opening `---` line: YAML line n is file line n + 1.
  const yaml = frontMatter!.raw.slice(frontMatter!.raw.indexOf("\n") + 1);
  const node = parseDocument(yaml, { lineCounter }).get("params", true) as Node | undefined;
  const lineOf = (at: Node | null | undefined) => (at?.range ? lineCounter.linePos(at.range[0]).line + 1 : 1);
  if (typeof params !== "object" || Array.isArray(params) || !isMap(node)) {
    const message = "Front matter: `params` must be a mapping of names to defaults or declarations.";
    return { declarations: [], problems: [{ line: lineOf(node), message }] };
  }
  const declarations: ParamDeclaration[] = [];
  const problems: Problem[] = [];
  for (const pair of node.items as Pair<Node, Node>[]) {
    const name = String(isScalar(pair.key) ? pair.key.value : pair.key);
    const value = (params as Record<string, unknown>)[name];
    const line = lineOf(pair.key);
    const faults: { at: Node | null | undefined; message: string }[] = [];
    const declaration = declare(name, value, line, (field, message) =>
      faults.push({ at: isMap(pair.value) ? (pair.value.get(field, true) as Node) : pair.value, message }),
    );
    for (const fault of faults)
      problems.push({ line: lineOf(fault.at ?? pair.key), message: `Param "${name}": ${fault.message}` });
    declarations.push({ ...declaration, valid: faults.length === 0 });
  }
  return { declarations, problems };
}

type Fault = (field: string, message: string) => void;
type Declared = Omit<ParamDeclaration, "valid">;

function declare(name: string, value: unknown, line: number, fault: Fault): Declared {
  if (!isDeclaration(value)) return { name, input: inferredInput(value), default: value, viewer: false, line };
  for (const key of Object.keys(value))
    if (!KEYS.has(key)) fault(key, `unknown field "${key}" (fields: ${[...KEYS].join(", ")}).`);
  const type = value.type as DeclaredType;
  const base = { name, default: value.default ?? null, viewer: value.viewer === true, line };
  if (value.viewer !== undefined && typeof value.viewer !== "boolean")
    fault("viewer", "`viewer` must be true or false.");
  if (value.label !== undefined) {
    if (typeof value.label === "string") Object.assign(base, { label: value.label });
    else fault("label", "`label` must be text.");
  }
  if (!(PARAM_TYPES as readonly unknown[]).includes(type)) {
    fault("type", `unknown type ${JSON.stringify(type)} (types: ${PARAM_TYPES.join(", ")}).`);
    return { ...base, input: "text" };
  }
  for (const key of ["options", "min", "max", "step"] as const)
    if (value[key] !== undefined && !(key === "options" ? type === "select" : type === "range"))
      fault(key, `\`${key}\` belongs to a ${key === "options" ? "select" : "range"}, not a ${type}.`);
  switch (type) {
    case "select":
      return declareSelect(base, value, fault);
    case "range":
      return declareRange(base, value, fault);
    case "date":
      if (base.default !== null && !(typeof base.default === "string" && isDate(base.default)))
        fault("default", "a date's `default` must be written YYYY-MM-DD.");
      return { ...base, input: "date" };
    case "text":
      if (typeof base.default === "object" && base.default !== null)
        fault("default", "a text's `default` must be text.");
      return { ...base, input: "text", default: base.default === null ? "" : String(base.default) };
    case "checkbox":
      if (typeof base.default !== "boolean" && base.default !== null)
        fault("default", "a checkbox's `default` must be true or false.");
      return { ...base, input: "checkbox", default: base.default === true };
    default: {
      const unknown: never = type;
      throw new Error(`unhandled param type ${String(unknown)}`);
    }
  }
}

type Base = Pick<Declared, "name" | "default" | "viewer" | "line" | "label">;

function declareSelect(base: Base, value: Record<string, unknown>, fault: Fault): Declared {
  const options = value.options;
  if (isDeclaration(options, "query")) {
    if (typeof options.query !== "string" || options.query.trim() === "")
      fault("options", "`options: {query: …}` must hold a SQL query whose first column lists the choices.");
    if (base.default === null) fault("options", "a select whose options come from a query needs a `default`.");
    return { ...base, input: "select", optionsQuery: String(options.query) };
  }
  if (!Array.isArray(options) || options.length === 0 || !options.every(isParamValue)) {
    fault("options", 'a select needs `options`: a list of values, or `{query: "select distinct …"}`.');
    return { ...base, input: "select", options: [] };
  }
  const choices = options as ParamValue[];
  if (value.default !== undefined && !choices.includes(base.default as ParamValue))
    fault("default", `\`default\` ${JSON.stringify(base.default)} is not one of the options.`);
  return {
    ...base,
    input: "select",
    options: choices,
    default: value.default === undefined ? choices[0] : base.default,
  };
}

function declareRange(base: Base, value: Record<string, unknown>, fault: Fault): Declared {
  const { min, max, step } = value;
  if (typeof min !== "number" || typeof max !== "number" || !(min < max)) {
    fault("min", "a range needs numbers `min` and `max`, with min below max.");
    return { ...base, input: "range" };
  }
  if (step !== undefined && !(typeof step === "number" && step > 0)) fault("step", "`step` must be a positive number.");
  const initial = value.default === undefined ? min : base.default;
  if (typeof initial !== "number" || initial < min || initial > max)
    fault("default", `\`default\` must be a number from ${min} to ${max}.`);
  return { ...base, input: "range", min, max, ...(typeof step === "number" ? { step } : {}), default: initial };
}

/** A mapping with this key: `type` makes a param's value a declaration, `query` a select's options. */
function isDeclaration(value: unknown, key = "type"): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value) && Object.hasOwn(value, key);
}

/** A value a control can hold; lists and mappings have no control. */
export function isParamValue(value: unknown): value is ParamValue {
  return value === null || ["string", "number", "boolean"].includes(typeof value);
}

/** The control of a param declared by its default alone. */
function inferredInput(value: unknown): ParamDeclaration["input"] {
  switch (typeof value) {
    case "number":
      return "number";
    case "boolean":
      return "checkbox";
    case "object":
      return value === null ? "text" : "json";
    default:
      return "text";
  }
}
