/**
 * Workbook param values: the defaults the declarations give (paramDeclarations.ts), and values
 * given as text — `driftbook run --param key=value`, an editor's or a share viewer's URL
 * (`?region=eu`) — checked against the declaration: a select's options, a range's bounds, a
 * date's form, a number or a boolean. A plain param takes its default's type, so a cell reading
 * `params.threshold` gets a number either way.
 */
import { isDate, type ParamDeclaration } from "./paramDeclarations.ts";

/** A param value that its declaration refuses; the message names the param. */
export class ParamValueError extends Error {}

/** Longest text a `text` param takes from outside: a URL value keys a live session. */
const MAX_TEXT = 1000;

/** The value of each param when nothing overrides it. */
export function paramDefaults(declarations: ParamDeclaration[]): Record<string, unknown> {
  return Object.fromEntries(declarations.map((declaration) => [declaration.name, declaration.default]));
}

/**
 * The defaults with `overrides` applied, each read by parseParamValue. Throws ParamValueError
 * naming the key for an unknown key or a value its declaration refuses.
 */
export function resolveParams(
  declarations: ParamDeclaration[],
  overrides: Record<string, string>,
): Record<string, unknown> {
  const resolved = paramDefaults(declarations);
  for (const [key, text] of Object.entries(overrides)) {
    const declaration = declarations.find((candidate) => candidate.name === key);
    if (!declaration) {
      const known = declarations.map((candidate) => candidate.name).join(", ") || "none";
      throw new ParamValueError(`unknown parameter "${key}" (known parameters: ${known})`);
    }
    resolved[key] = parseParamValue(declaration, text);
  }
  return resolved;
}

const BOOLEANS = new Map([
  ["true", true],
  ["yes", true],
  ["1", true],
  ["false", false],
  ["no", false],
  ["0", false],
]);

/**
 * A param's value from text, as its declaration reads it: a select's option (from `options`
 * when given: a query's choices), a number in a range, a `YYYY-MM-DD` date, a boolean (`true`/
 * `false`, `yes`/`no`, `1`/`0`), JSON for a list or mapping default, text as given. A select
 * whose choices come from a query and are not given takes any text.
 */
export function parseParamValue(declaration: ParamDeclaration, text: string, options = declaration.options): unknown {
  const { name, input } = declaration;
  const bad = (expected: string) =>
    new ParamValueError(`parameter "${name}" expects ${expected}, got ${JSON.stringify(text)}`);
  if (!declaration.valid)
    throw new ParamValueError(`parameter "${name}" is declared wrongly: fix its declaration first`);
  switch (input) {
    case "select": {
      if (!options) return text;
      const option = options.find((candidate) => String(candidate) === text);
      if (option === undefined) throw bad(`one of ${options.map((candidate) => JSON.stringify(candidate)).join(", ")}`);
      return option;
    }
    case "range":
    case "number": {
      const value = Number(text);
      if (text.trim() === "" || !Number.isFinite(value)) throw bad("a number");
      if (input === "range" && (value < declaration.min! || value > declaration.max!))
        throw bad(`a number from ${declaration.min} to ${declaration.max}`);
      return value;
    }
    case "date":
      if (!isDate(text)) throw bad("a date written YYYY-MM-DD");
      return text;
    case "checkbox": {
      const value = BOOLEANS.get(text.trim().toLowerCase());
      if (value === undefined) throw bad("true or false");
      return value;
    }
    case "json":
      return parseJson(text, declaration.default, bad);
    case "text":
      if (text.length > MAX_TEXT) throw bad(`at most ${MAX_TEXT} characters`);
      return text;
    default: {
      const unknown: never = input;
      throw new Error(`unhandled param input ${String(unknown)}`);
    }
  }
}

function parseJson(text: string, defaultValue: unknown, bad: (expected: string) => Error): unknown {
  const list = Array.isArray(defaultValue);
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    value = undefined;
  }
  const matches = list ? Array.isArray(value) : typeof value === "object" && value !== null && !Array.isArray(value);
  if (!matches) throw bad(list ? "a JSON array" : "a JSON object");
  return value;
}
