/**
 * What a cell may be named, said once for the parser (server/workbook/fences.ts), the rename API
 * and the editor's name field: a `sql` cell's name becomes a variable, so it must be a JavaScript
 * identifier that is not a reserved word; an `alert` cell's name is the rule's name in
 * notifications and labels (Prometheus' `alertname`), letters, digits, `_` and `-`.
 */
import type { CellKind } from "./cells.ts";

const IDENTIFIER = /^[\p{ID_Start}$_][\p{ID_Continue}$\u200C\u200D]*$/u;
const RESERVED_WORDS = new Set(
  (
    "arguments await break case catch class const continue debugger default delete do else enum eval export extends " +
    "false finally for function if implements import in instanceof interface let new null package private protected " +
    "public return static super switch this throw true try typeof var void while with yield"
  ).split(" "),
);
const ALERT_NAME = /^[A-Za-z0-9_-]+$/;

/** Cells that have a name: the variable a `sql` cell binds, an `alert` cell's rule. */
export type NamedCellKind = Exclude<CellKind, "js">;

/** Why `name` cannot name a cell of `kind`, or undefined when it can. */
export function cellNameProblem(kind: NamedCellKind, name: string | undefined): string | undefined {
  if (kind === "sql") {
    if (name === undefined) return "A `sql` cell needs the name of the variable it binds: ```sql NAME";
    if (!IDENTIFIER.test(name) || RESERVED_WORDS.has(name))
      return `\`${name}\` cannot be a variable name; a \`sql\` cell's name must be a JavaScript identifier.`;
  } else {
    if (name === undefined) return "An `alert` cell needs a rule name: ```alert NAME";
    if (!ALERT_NAME.test(name)) return `Alert name \`${name}\` may use only letters, digits, \`_\` and \`-\`.`;
  }
  return undefined;
}

/** The first of `prefix1`, `prefix2`, … not in `taken`: a new cell's suggested name. */
export function freeCellName(prefix: string, taken: ReadonlySet<string>): string {
  let n = 1;
  while (taken.has(`${prefix}${n}`)) n += 1;
  return `${prefix}${n}`;
}

/** A cell's opening fence line with its name (the word after the kind) replaced by `name`; the rest keeps its bytes. */
export function renamedOpening(opening: string, kind: NamedCellKind, name: string): string {
  return opening.replace(
    new RegExp(`^(\\s*(?:\`{3,}|~{3,})[ \\t]*${kind}[ \\t]+)\\S+`),
    (_match, head: string) => head + name,
  );
}
