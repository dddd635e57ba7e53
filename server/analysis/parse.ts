/**
 * Parses cell JavaScript with acorn (https://github.com/acornjs/acorn) as a module that may
 * await at top level, and summarises what a cell defines, reads and displays.
 */
import { parse, parseExpressionAt, tokenizer, tokTypes } from "acorn";
import type { Expression, Options, Program } from "acorn";
import { hasTopLevelAwait } from "./awaits.ts";
import { CellSyntaxError } from "./cellSyntaxError.ts";
import { findDeclarations } from "./declarations.ts";
import { findReferences } from "./references.ts";
import type { CellNode } from "./types.ts";

/** Cells are parsed as modules (strict) that may await at the top level; eslint-scope needs ranges. */
const options: Options = {
  ecmaVersion: "latest",
  sourceType: "module",
  allowAwaitOutsideFunction: true,
  locations: true,
  ranges: true,
};

/** A cell's syntax tree: always a program; `expression` is set when the whole cell is one expression. */
export interface ParsedJavaScript {
  program: Program;
  expression?: Expression;
}

/** What a cell defines, reads and displays. Throws a CellSyntaxError on invalid code. */
export function parseCell(source: string): CellNode {
  const { program, expression } = parseJavaScript(source);
  return {
    declarations: findDeclarations(program),
    references: findReferences(program),
    expression: expression !== undefined,
    async: hasTopLevelAwait(program),
  };
}

/**
 * Parses a cell as a single expression when it is one, else as a program. A leading `{` opens
 * a block, as in Observable Framework, and a named function or class is a declaration.
 */
export function parseJavaScript(source: string): ParsedJavaScript {
  const expression = parseWholeExpression(source);
  if (expression) return { program: asProgram(expression), expression };
  let program: Program;
  try {
    program = parse(source, options);
  } catch (error) {
    throw CellSyntaxError.fromAcorn(error);
  }
  rejectModuleDeclarations(program);
  return { program };
}

/** The cell as one expression, if it is one. Parentheses are kept at first so the expression's end covers them. */
function parseWholeExpression(source: string): Expression | undefined {
  try {
    if (tokenizer(source, options).getToken().type === tokTypes.braceL) return undefined;
    const outer = parseExpressionAt(source, 0, { ...options, preserveParens: true });
    if (isNamedDeclaration(outer)) return undefined;
    const rest = tokenizer(source.slice(outer.end), options).getToken();
    return rest.type === tokTypes.eof ? parseExpressionAt(source, 0, options) : undefined;
  } catch {
    return undefined;
  }
}

function isNamedDeclaration(expression: Expression): boolean {
  return (expression.type === "FunctionExpression" || expression.type === "ClassExpression") && !!expression.id;
}

function asProgram(expression: Expression): Program {
  const position = { start: expression.start, end: expression.end, loc: expression.loc, range: expression.range };
  return {
    type: "Program",
    sourceType: "module",
    body: [{ type: "ExpressionStatement", expression, ...position }],
    ...position,
  };
}

function rejectModuleDeclarations(program: Program): void {
  for (const statement of program.body) {
    if (statement.type === "ImportDeclaration") {
      throw atNode("import is not supported in cells yet", statement);
    }
    if (statement.type.startsWith("Export")) {
      throw atNode("export is not needed in cells: top-level declarations are shared with other cells", statement);
    }
  }
}

function atNode(message: string, node: Program["body"][number]): CellSyntaxError {
  return new CellSyntaxError(message, node.loc!.start.line, node.loc!.start.column + 1);
}
