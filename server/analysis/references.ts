/**
 * The free names a cell reads, found with eslint-scope's scope analysis
 * (https://github.com/eslint/js/tree/main/packages/eslint-scope).
 */
import type { Program } from "acorn";
import { analyze } from "eslint-scope";
import type * as ESTree from "estree";
import { CellSyntaxError } from "./cellSyntaxError.ts";

/**
 * Free names a cell reads — defined by other cells, the standard library or the global object —
 * deduplicated in first-seen order. Assigning one is an error: a cell cannot change another
 * cell's variable (the assignment would only change its own copy).
 */
export function findReferences(program: Program): string[] {
  const scopes = analyze(program as unknown as ESTree.Program, {
    ecmaVersion: 2022,
    sourceType: "module",
    fallback: "iteration",
  });
  const free = scopes.globalScope!.through.map((reference) => ({
    identifier: reference.identifier as ESTree.Identifier & { start: number },
    write: reference.isWrite(),
  }));
  free.sort((a, b) => a.identifier.start - b.identifier.start);
  const names = new Set<string>();
  for (const { identifier, write } of free) {
    const { name, loc } = identifier;
    if (write) {
      throw new CellSyntaxError(`Assignment to external variable "${name}"`, loc!.start.line, loc!.start.column + 1);
    }
    names.add(name);
  }
  return [...names];
}
