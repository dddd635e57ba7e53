/**
 * Workbook parameters: the front matter's `params` are the defaults, and a headless run may
 * override them with `key=value` strings from the command line. Each override takes the type
 * of its default, so a cell reading `params.threshold` gets a number either way.
 */

/**
 * `defaults` with `overrides` applied. A value is coerced to its default's type: number,
 * boolean (`true`/`false`, `yes`/`no`, `1`/`0`), string, or JSON for arrays and objects; a
 * `null` default takes the string as given. Throws naming the key for an unknown key or a
 * value of the wrong type.
 */
export function resolveParams(
  defaults: Record<string, unknown>,
  overrides: Record<string, string>,
): Record<string, unknown> {
  const resolved = { ...defaults };
  for (const [key, text] of Object.entries(overrides)) {
    if (!Object.hasOwn(defaults, key)) {
      const known = Object.keys(defaults).join(", ") || "none";
      throw new Error(`unknown parameter "${key}" (known parameters: ${known})`);
    }
    resolved[key] = coerce(key, text, defaults[key]);
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

function coerce(key: string, text: string, defaultValue: unknown): unknown {
  const bad = (expected: string) => new Error(`parameter "${key}" expects ${expected}, got ${JSON.stringify(text)}`);
  switch (typeof defaultValue) {
    case "number": {
      const value = Number(text);
      if (text.trim() === "" || !Number.isFinite(value)) throw bad("a number");
      return value;
    }
    case "boolean": {
      const value = BOOLEANS.get(text.trim().toLowerCase());
      if (value === undefined) throw bad("true or false");
      return value;
    }
    case "object": {
      if (defaultValue === null) return text;
      const expected = Array.isArray(defaultValue) ? "a JSON array" : "a JSON object";
      const value = parseJson(text);
      const matches = Array.isArray(defaultValue)
        ? Array.isArray(value)
        : typeof value === "object" && value !== null && !Array.isArray(value);
      if (!matches) throw bad(expected);
      return value;
    }
    default:
      return text;
  }
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
