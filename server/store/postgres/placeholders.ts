/**
 * Turns the store's parameter markers into PostgreSQL's: `?` (bound in order) and `@name`,
 * `:name`, `$name` (bound from one object, as better-sqlite3 does) become `$1`, `$2`, …. Text
 * inside quotes and comments is left alone, as are PostgreSQL casts (`x::bigint`) and its own
 * `$1` markers.
 */

export interface Placeholders {
  text: string;
  /** For each `$n`: the position of a `?` among the arguments, or the name of a named one. */
  bindings: (number | string)[];
}

const NAME = /[A-Za-z_][A-Za-z0-9_]*/y;

export function translatePlaceholders(sql: string): Placeholders {
  let text = "";
  const bindings: (number | string)[] = [];
  const named = new Map<string, number>();
  let positional = 0;
  for (let i = 0; i < sql.length;) {
    const char = sql[i]!;
    const skipped = skipQuotedOrComment(sql, i);
    if (skipped > i) {
      text += sql.slice(i, skipped);
      i = skipped;
    } else if (char === "?") {
      bindings.push(positional++);
      text += `$${bindings.length}`;
      i++;
    } else if ((char === "@" || char === ":" || char === "$") && sql[i - 1] !== ":" && sql[i + 1] !== ":") {
      NAME.lastIndex = i + 1;
      const match = NAME.exec(sql);
      if (!match) {
        text += char;
        i++;
        continue;
      }
      const name = match[0];
      let index = named.get(name);
      if (index === undefined) {
        bindings.push(name);
        index = bindings.length;
        named.set(name, index);
      }
      text += `$${index}`;
      i += 1 + name.length;
    } else {
      text += char;
      i++;
    }
  }
  return { text, bindings };
}

/** The values for `bindings`, from better-sqlite3-style arguments: values in order, or one object of named values. */
export function bindValues(bindings: (number | string)[], args: readonly unknown[]): unknown[] {
  const byName = args.length === 1 && isNamedValues(args[0]) ? (args[0] as Record<string, unknown>) : undefined;
  return bindings.map((binding) => {
    if (typeof binding === "number") {
      if (binding >= args.length) throw new RangeError(`too few parameter values were provided (${args.length})`);
      return args[binding];
    }
    if (!byName || !(binding in byName)) throw new RangeError(`missing named parameter "${binding}"`);
    return byName[binding];
  });
}

function isNamedValues(value: unknown): boolean {
  return typeof value === "object" && value !== null && !ArrayBuffer.isView(value) && !(value instanceof Date);
}

/** The index after a quoted string, quoted identifier or comment starting at `i`, or `i` when none starts there. */
function skipQuotedOrComment(sql: string, i: number): number {
  const char = sql[i];
  if (char === "'" || char === '"') {
    for (let j = i + 1; j < sql.length; j++) {
      if (sql[j] === char) {
        if (sql[j + 1] === char) j++;
        else return j + 1;
      }
    }
    return sql.length;
  }
  if (char === "-" && sql[i + 1] === "-") {
    const end = sql.indexOf("\n", i);
    return end === -1 ? sql.length : end;
  }
  if (char === "/" && sql[i + 1] === "*") {
    const end = sql.indexOf("*/", i + 2);
    return end === -1 ? sql.length : end + 2;
  }
  return i;
}
