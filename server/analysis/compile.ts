/**
 * Turns one parsed cell block into the CompiledCell the runtime worker defines: a function body
 * for its kind (js, sql or alert), its inputs and outputs, a content id, and any syntax problem
 * in file coordinates.
 */
import { createHash } from "node:crypto";
import type { CellBlock } from "../workbook/types.ts";
import { compileAlert } from "./alert.ts";
import { inputsOf, type CellBody } from "./cellBody.ts";
import { placeInCell } from "./cellPosition.ts";
import { CellSyntaxError, syntaxErrorOf } from "./cellSyntaxError.ts";
import { parseCell } from "./parse.ts";
import type { AlertSettings, CompiledCell } from "./types.ts";

/**
 * Compiles one cell for the runtime worker (see CompiledCell for the body contract). Invalid
 * code yields a cell with `problem` set, in file coordinates, and an empty body.
 */
export function compileCell(block: CellBlock, cellIndex: number): CompiledCell {
  const { kind, name } = block;
  const { body: compiled, settings } = compileBody(block);
  const identity = {
    id: contentId(block),
    index: cellIndex,
    kind,
    ...(name !== undefined && { name }),
    ...(settings && { alert: settings }),
  };
  const { sourceStartLine } = block;
  if (compiled instanceof CellSyntaxError) {
    const problem = {
      cellIndex,
      ...placeInCell(sourceStartLine, compiled.line, compiled.column),
      message: compiled.message,
    };
    const outputs = kind === "sql" && name !== undefined ? [name] : [];
    return { ...identity, inputs: [], outputs, body: "", sourceStartLine, bodyLine: 1, problem };
  }
  return { ...identity, ...compiled, sourceStartLine };
}

/** The first 12 hex digits of the SHA-256 of the cell's kind, name and source: equal cells share it. */
export function contentId({ kind, name, source }: Pick<CellBlock, "kind" | "name" | "source">): string {
  return createHash("sha256")
    .update(`${kind}\0${name ?? ""}\0${source}`)
    .digest("hex")
    .slice(0, 12);
}

/** The cell's body or the error that stops it, and an alert cell's settings. */
function compileBody({ kind, name, source }: CellBlock): {
  body: CellBody | CellSyntaxError;
  settings?: AlertSettings;
} {
  switch (kind) {
    case "js":
      return { body: syntaxErrorOf(() => compileJavaScript(source)) };
    case "sql":
      return { body: syntaxErrorOf(() => compileSql(source, name)) };
    case "alert":
      return compileAlert(source, name);
    default: {
      const unknown: never = kind;
      throw new Error(`unknown cell kind ${unknown}`);
    }
  }
}

/**
 * An expression cell displays its awaited value, unless it calls `display` itself; a program
 * cell runs as written and returns its top-level declarations. The source keeps its own lines,
 * and the suffix starts on a new line so a trailing `//` comment cannot swallow it.
 */
function compileJavaScript(source: string): CellBody {
  const cell = parseCell(source);
  const inputs = inputsOf(cell.references);
  const displays = inputs.length < cell.references.length;
  const [prefix, suffix] = !cell.expression
    ? ["return (async () => {", `\nreturn {${cell.declarations.join(", ")}};\n})()`]
    : displays
      ? ["return (async () => { await (", "\n); return {}; })()"]
      : ["return (async () => { display(await (", "\n)); return {}; })()"];
  return { inputs, outputs: cell.declarations, body: prefix + source + suffix, bodyLine: 1, bodyColumn: prefix.length };
}

/**
 * A sql cell becomes a `sql` tagged template over its exact text, so each `${expr}` is a bound
 * parameter and the tag reads the SQL from `strings.raw`. The result is bound to the cell's
 * name and displayed. A backtick would end the template, so the SQL text may not hold one.
 */
function compileSql(source: string, name: string | undefined): CellBody {
  const backtick = source.indexOf("`");
  if (backtick >= 0) {
    const [line, column] = lineAndColumn(source, backtick);
    const message = "A backtick is not supported in sql cells: quote identifiers with double quotes";
    throw new CellSyntaxError(message, line, column);
  }
  const query = `sql\`${source}\``;
  const cell = parseQuery(query);
  const inputs = inputsOf(cell.references);
  const [prefix, suffix] =
    name === undefined
      ? ["return (async () => { display(await sql`", "`); return {}; })()"]
      : [`return (async () => { const ${name} = await sql\``, `\`; display(${name}); return {${name}}; })()`];
  const body = prefix + source + suffix;
  return { inputs, outputs: name === undefined ? [] : [name], body, bodyLine: 1, bodyColumn: prefix.length };
}

/** Parses the generated `sql` template, moving errors on its first line back past the `sql\`` prefix. */
function parseQuery(query: string) {
  try {
    return parseCell(query);
  } catch (error) {
    if (!(error instanceof CellSyntaxError) || error.line !== 1 || error.column === undefined) throw error;
    throw new CellSyntaxError(error.message, 1, Math.max(1, error.column - "sql`".length));
  }
}

function lineAndColumn(text: string, offset: number): [number, number] {
  const before = text.slice(0, offset).split("\n");
  return [before.length, before[before.length - 1].length + 1];
}
