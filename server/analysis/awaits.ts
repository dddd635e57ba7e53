/** Finds whether a cell awaits at its top level, for `CellNode.async` (parse.ts); walks the tree with acorn-walk. */
import type { Node } from "acorn";
import { base, simple } from "acorn-walk";

/** Walks everything but function bodies, where an `await` belongs to that function, not the cell. */
const outsideFunctions = { ...base, Function() {} };

/** True when the cell awaits at its top level (`await x` or `for await`), outside nested functions. */
export function hasTopLevelAwait(node: Node): boolean {
  let found = false;
  simple(
    node,
    {
      AwaitExpression() {
        found = true;
      },
      ForOfStatement(statement) {
        if (statement.await) found = true;
      },
    },
    outsideFunctions,
  );
  return found;
}
