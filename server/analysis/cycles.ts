/** What the cycle search needs of a cell: the names it reads and the names it defines. */
export interface GraphCell {
  inputs: string[];
  outputs: string[];
}

/**
 * The shortest chain of variables leading from cell `start` back to itself, or undefined when
 * none does. Each name is defined by the cell before it and read by the cell after it, starting
 * and ending with the name of `start` that closes the loop: ["a", "b", "a"] when `start` defines
 * `a` from `b` and another cell defines `b` from `a`.
 */
export function findCycle(cells: GraphCell[], start: number, definers: Map<string, number[]>): string[] | undefined {
  /** For each reached cell: the cell that reads it and the variable it is read through. */
  const reachedFrom = new Map<number, { reader: number; name: string }>();
  let frontier = [start];
  while (frontier.length > 0) {
    const next: number[] = [];
    for (const reader of frontier) {
      for (const name of cells[reader].inputs) {
        for (const definer of definers.get(name) ?? []) {
          if (definer === start) return chain(reachedFrom, reader, name);
          if (reachedFrom.has(definer)) continue;
          reachedFrom.set(definer, { reader, name });
          next.push(definer);
        }
      }
    }
    frontier = next;
  }
  return undefined;
}

/** Walks back from the cell that reads `start`'s `closing` variable to `start`. */
function chain(reachedFrom: Map<number, { reader: number; name: string }>, last: number, closing: string): string[] {
  const names = [closing];
  for (let cell = last; reachedFrom.has(cell); cell = reachedFrom.get(cell)!.reader) {
    names.unshift(reachedFrom.get(cell)!.name);
  }
  return [closing, ...names];
}
