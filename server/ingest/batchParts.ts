/**
 * One NDJSON body parsed in parts: where to cut it (partRanges), and the checks that make the
 * parts store exactly what the whole body would (PartsAssembly). Parsers see one part each, so
 * what spans parts is checked here as the parts arrive in order: ids used twice, column names
 * that differ only in case, and the column limit (the store checks the last thing that spans
 * parts: the order in which new columns are added). When any of these, or any bad row, shows up,
 * the parts are abandoned (PartsDiverge, or the part's BatchError) and the body is parsed whole,
 * which gives today's outcome: the error naming the same row and field.
 */
import type { ColumnBatch } from "./columnBatch.ts";
import type { BatchFormat } from "./types.ts";

/**
 * Bytes per part. A 10k-row × 20-feature body (4 MB) is 16 parts of ~600 rows: a part parses in
 * 3–4 ms, and each part's fixed costs (a message, column lookups) stay under 5% of its insert.
 * The first part is a quarter of that, so the writer starts inserting sooner, and the rest are
 * cut evenly, so the last one, whose insert nothing overlaps, is no longer than the others.
 */
export const PART_BYTES = 256 * 1024;

/** Where to cut `body` (UTF-8): ranges ending after a line feed; a body not in NDJSON, or short, is one part. */
export function partRanges(body: Uint8Array, format: BatchFormat, partBytes = PART_BYTES): [number, number][] {
  const length = body.byteLength;
  if (format !== "ndjson" || length < 2 * partBytes) return [[0, length]];
  const first = Math.floor(partBytes / 4);
  const parts = Math.max(1, Math.round((length - first) / partBytes));
  const targets = [first, ...Array.from({ length: parts - 1 }, (_, i) => first + ((i + 1) * (length - first)) / parts)];
  const ranges: [number, number][] = [];
  let start = 0;
  for (const target of targets) {
    let end = body.indexOf(0x0a, Math.max(start, Math.floor(target))) + 1;
    // A part starting with a byte order mark would lose it (BatchReader strips one at the start).
    while (end > 0 && body[end] === 0xef && body[end + 1] === 0xbb && body[end + 2] === 0xbf) {
      end = body.indexOf(0x0a, end) + 1;
    }
    if (end === 0 || end >= length) break; // no line end left before the end: the rest is one part
    ranges.push([start, end]);
    start = end;
  }
  ranges.push([start, length]);
  return ranges;
}

/** The parts of a body would not store what the whole body does; parse it whole instead. */
export class PartsDiverge extends Error {}

/** Fields that are columns without being features or probabilities (which feature names may not take): not counted toward the column limit. */
const NOT_COUNTED = new Set(["prediction", "score", "label"]);

/**
 * Checks the parts of one NDJSON body in order and renumbers their rows as lines of the whole
 * body. `maxColumns`: the parser's limit on feature and probability columns per batch.
 */
export class PartsAssembly {
  private readonly ids = new Set<string>();
  /** Lower-cased name → name. */
  private readonly columns = new Map<string, string>();
  private counted = 0;
  private linesBefore = 0;

  constructor(private readonly maxColumns = 1000) {}

  /** The part, rows numbered as in the whole body; `newlines`: the line ends it holds. */
  add(part: ColumnBatch, newlines: number): ColumnBatch {
    for (const column of part.columns) this.checkColumn(column.name);
    for (const id of part.ids) {
      if (id === null) continue;
      if (this.ids.has(id)) throw new PartsDiverge(`id ${JSON.stringify(id)} is in two parts`);
      this.ids.add(id);
    }
    const { rows } = part;
    for (let index = 0; index < rows.length; index++) rows[index] = rows[index]! + this.linesBefore;
    this.linesBefore += newlines;
    return part;
  }

  private checkColumn(name: string): void {
    const lower = name.toLowerCase();
    const known = this.columns.get(lower);
    if (known === undefined) {
      this.columns.set(lower, name);
      if (!NOT_COUNTED.has(name) && ++this.counted > this.maxColumns) {
        throw new PartsDiverge("the parts pass the column limit");
      }
    } else if (known !== name) throw new PartsDiverge(`columns ${known} and ${name} collide`);
  }
}
