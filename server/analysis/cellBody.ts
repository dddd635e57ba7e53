/**
 * A cell's function body and the names it reads and defines, before it gets its identity and
 * file position. `bodyLine` is the 1-based line of the cell source that the body's first line holds.
 */
export interface CellBody {
  inputs: string[];
  outputs: string[];
  body: string;
  bodyLine: number;
}

/** A cell's inputs: its references but `display`, which the worker passes as the body's first parameter. */
export function inputsOf(references: string[]): string[] {
  return references.filter((name) => name !== "display");
}
