/**
 * A cell's function body and the names it reads and defines, before it gets its identity and
 * file position. `bodyLine` and `bodyColumn` say where the cell's source sits in the body (see CompiledCell).
 */
export interface CellBody {
  inputs: string[];
  outputs: string[];
  body: string;
  bodyLine: number;
  bodyColumn?: number;
}

/** A cell's inputs: its references but `display`, which the worker passes as the body's first parameter. */
export function inputsOf(references: string[]): string[] {
  return references.filter((name) => name !== "display");
}
