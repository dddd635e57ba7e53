/**
 * Parses a workbook file into front matter, prose and cell blocks, finding fences with
 * markdown-it in CommonMark mode (https://spec.commonmark.org/) and keeping every byte.
 */
import MarkdownIt from "markdown-it";
import { closesFence, readCellInfo } from "./fences.ts";
import { readFrontMatter } from "./frontMatter.ts";
import { splitLines } from "./lines.ts";
import type { Block, CellBlock, WorkbookDoc } from "./types.ts";

/** CommonMark as the spec has it (HTML blocks included), so fences are found where any CommonMark reader finds them. */
const markdown = new MarkdownIt("commonmark");

/**
 * Splits a workbook into front matter, prose and cells. Cells are the top-level fenced code
 * blocks whose language is `js`, `sql` or `alert`; everything else is prose. Every block keeps
 * its exact text, so serializeWorkbook gives back the same bytes. Never throws: format faults
 * (bad YAML, a missing name, an unknown option) are returned as problems.
 */
export function parseWorkbook(text: string): WorkbookDoc {
  const lines = splitLines(text);
  const { frontMatter, lineCount: bodyStart, problems } = readFrontMatter(lines);
  const blocks: Block[] = [];
  let proseStart = bodyStart;
  let cellIndex = 0;
  for (const fence of topLevelFences(lines.slice(bodyStart).join(""))) {
    const cell = readCellInfo(fence.info);
    if (!cell) continue;
    const start = bodyStart + fence.start;
    const end = bodyStart + fence.end;
    const closed = end - start >= 2 && closesFence(lines[end - 1], fence.markup);
    pushProse(blocks, lines, proseStart, start);
    const block: CellBlock = {
      type: "cell",
      ...cell.header,
      opening: lines[start],
      source: lines.slice(start + 1, closed ? end - 1 : end).join(""),
      closing: closed ? lines[end - 1] : "",
      startLine: start + 1,
      sourceStartLine: start + 2,
    };
    blocks.push(block);
    for (const message of cell.problems) problems.push({ cellIndex, line: block.startLine, message });
    proseStart = end;
    cellIndex++;
  }
  pushProse(blocks, lines, proseStart, lines.length);
  return frontMatter ? { frontMatter, blocks, problems } : { blocks, problems };
}

/** A top-level fenced code block: its 0-based line range [start, end) in `body`, info string and opening fence characters. */
interface Fence {
  start: number;
  end: number;
  info: string;
  markup: string;
}

/** The fences markdown-it finds outside containers (lists, block quotes), in order. */
function topLevelFences(body: string): Fence[] {
  return markdown
    .parse(body, {})
    .filter((token) => token.type === "fence" && token.level === 0 && token.map)
    .map(({ map, info, markup }) => ({ start: map![0], end: map![1], info, markup }));
}

/** Adds lines [start, end) as one prose block, if there are any. */
function pushProse(blocks: Block[], lines: string[], start: number, end: number): void {
  if (start < end) blocks.push({ type: "prose", markdown: lines.slice(start, end).join(""), startLine: start + 1 });
}
