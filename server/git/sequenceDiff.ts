/**
 * The difference of two sequences of strings as keep / delete / add steps, from a longest
 * common subsequence: the one alignment both the block-level and the line-level workbook
 * diffs are built on.
 */

/** One step that turns sequence `a` into `b`; indexes are into `a` and `b`. */
export type SequenceStep = { op: "same"; a: number; b: number } | { op: "del"; a: number } | { op: "add"; b: number };

/**
 * Past this many cells in the LCS table (the product of the lengths left after trimming the
 * common start and end), the middles are reported as wholly deleted and added instead.
 */
const MAX_TABLE_CELLS = 16_000_000;

/**
 * The steps from `a` to `b`, in order, keeping as many elements as possible; between two kept
 * elements the deletions come before the additions. Compares elements with `===`.
 */
export function diffSequences(a: readonly string[], b: readonly string[]): SequenceStep[] {
  let start = 0;
  while (start < a.length && start < b.length && a[start] === b[start]) start++;
  let endA = a.length;
  let endB = b.length;
  while (endA > start && endB > start && a[endA - 1] === b[endB - 1]) {
    endA--;
    endB--;
  }
  const steps: SequenceStep[] = [];
  for (let i = 0; i < start; i++) steps.push({ op: "same", a: i, b: i });
  let i = start;
  let j = start;
  for (const [matchA, matchB] of [...middleMatches(a, b, start, endA, endB), [endA, endB]]) {
    while (i < matchA) steps.push({ op: "del", a: i++ });
    while (j < matchB) steps.push({ op: "add", b: j++ });
    if (matchA < endA) steps.push({ op: "same", a: i++, b: j++ });
  }
  for (let k = 0; endA + k < a.length; k++) steps.push({ op: "same", a: endA + k, b: endB + k });
  return steps;
}

/** The matched index pairs of a longest common subsequence of a[start, endA) and b[start, endB). */
function middleMatches(
  a: readonly string[],
  b: readonly string[],
  start: number,
  endA: number,
  endB: number,
): Array<[number, number]> {
  const rows = endA - start;
  const columns = endB - start;
  if (rows === 0 || columns === 0 || rows * columns > MAX_TABLE_CELLS) return [];
  // longest[r * width + c]: the LCS length of a[start + r, endA) and b[start + c, endB).
  const width = columns + 1;
  const longest = new Uint32Array((rows + 1) * width);
  for (let r = rows - 1; r >= 0; r--) {
    for (let c = columns - 1; c >= 0; c--) {
      longest[r * width + c] =
        a[start + r] === b[start + c]
          ? longest[(r + 1) * width + c + 1] + 1
          : Math.max(longest[(r + 1) * width + c], longest[r * width + c + 1]);
    }
  }
  const matches: Array<[number, number]> = [];
  let r = 0;
  let c = 0;
  while (r < rows && c < columns) {
    if (a[start + r] === b[start + c]) matches.push([start + r++, start + c++]);
    else if (longest[(r + 1) * width + c] >= longest[r * width + c + 1]) r++;
    else c++;
  }
  return matches;
}
