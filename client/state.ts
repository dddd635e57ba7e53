/**
 * The notebook as a page holds it: the file's blocks in order, each cell with its editor text
 * and the latest state the server sent for it. Plain data and pure functions, no DOM: the view
 * renders these blocks, and `textOf` turns them back into the file's exact text. A draft's
 * blocks and an undone delete or move come back through `blocksFromDraft` and `restoreOrder`.
 */
import {
  cellNameProblem,
  freeCellName,
  renamedOpening,
  type BlockView,
  type CellKind,
  type CellView,
  type NamedCellKind,
  type WorkbookFile,
} from "../server/protocol/index.ts";

export interface ProseBlock {
  type: "prose";
  markdown: string;
}

export interface NotebookCell {
  type: "cell";
  /** Identity on this page: survives moves, saves and new file versions. */
  key: number;
  kind: CellKind;
  name?: string;
  options: Record<string, string | true>;
  opening: string;
  closing: string;
  /** The source as the shown file version has it, final newline included. */
  baseSource: string;
  /** The editor's text: the source without its final newline. */
  value: string;
  /** The cell's index among the cells of the shown file version; undefined for a cell added since. */
  fileIndex?: number;
  /** The latest state the server sent for this cell. */
  state?: CellView;
}

export type Block = ProseBlock | NotebookCell;

type CellBlockView = Extract<BlockView, { type: "cell" }>;

const NEW_SOURCES: Record<CellKind, string> = {
  js: "",
  sql: "select 1 as answer\n",
  alert: "when: false\nseverity: warning\n",
};

let lastKey = 0;

export function blocksFromFile(file: WorkbookFile): Block[] {
  return file.blocks.map((block) =>
    block.type === "prose" ? { type: "prose", markdown: block.markdown } : notebookCell(block, block.index),
  );
}

/**
 * A draft's blocks (drafts.ts) over the shown file: each cell the file holds unchanged is mapped
 * onto it, so it shows the state the server has for it; the others are unsaved.
 */
export function blocksFromDraft(draft: BlockView[], file: WorkbookFile): Block[] {
  return matchFileCells(
    draft.map((block) =>
      block.type === "prose" ? { type: "prose", markdown: block.markdown } : notebookCell(block, undefined),
    ),
    file,
  );
}

/**
 * The blocks of `before` (the notebook before a delete, move or insert) with each cell as it is
 * now where it still exists, so undoing keeps edits made since; a cell deleted since comes back
 * with the text it had and is mapped again onto the shown file's cells. Each cell keeps the
 * closing fence it had in that order (a cell last in the file may have none), so the text is
 * the one the file had.
 */
export function restoreOrder(before: Block[], now: Block[], file: WorkbookFile): Block[] {
  const cells = new Map(now.flatMap((block) => (block.type === "cell" ? [[block.key, block] as const] : [])));
  return matchFileCells(
    before.map((block) => {
      if (block.type === "prose") return block;
      const cell = cells.get(block.key);
      return cell ? { ...cell, closing: block.closing } : { ...block, fileIndex: undefined };
    }),
    file,
  );
}

/** Maps each cell without a file index onto a cell of `file` with the same fence and source that no other block claims. */
function matchFileCells(blocks: Block[], file: WorkbookFile): Block[] {
  const claimed = new Set(blocks.flatMap((block) => (block.type === "cell" ? [block.fileIndex] : [])));
  const free = file.blocks.filter(
    (block): block is CellBlockView => block.type === "cell" && !claimed.has(block.index),
  );
  return blocks.map((block) => {
    if (block.type === "prose" || block.fileIndex !== undefined) return block;
    const at = free.findIndex((cell) => cell.opening === block.opening && cell.source === sourceOf(block));
    if (at < 0) return { ...block, state: undefined };
    const [match] = free.splice(at, 1);
    return { ...block, fileIndex: match.index, baseSource: match.source };
  });
}

function notebookCell(block: CellBlockView, fileIndex: number | undefined): NotebookCell {
  return {
    type: "cell",
    key: ++lastKey,
    kind: block.kind,
    name: block.name,
    options: block.options,
    opening: block.opening,
    closing: block.closing,
    baseSource: block.source,
    value: editorValue(block.source),
    fileIndex,
  };
}

/** What the editor shows of a source: without the final newline, which the fence needs but nobody types. */
export function editorValue(source: string): string {
  return source.endsWith("\n") ? source.slice(0, -1) : source;
}

/** The cell's source for the file: unchanged bytes when the editor text is unchanged, else the text and a final newline. */
export function sourceOf(cell: NotebookCell): string {
  return cell.value === editorValue(cell.baseSource) ? cell.baseSource : `${cell.value}\n`;
}

/** The workbook file's text: front matter, then every block as written. */
export function textOf(frontMatter: string, blocks: Block[]): string {
  return (
    frontMatter +
    blocks
      .map((block) => (block.type === "prose" ? block.markdown : block.opening + sourceOf(block) + block.closing))
      .join("")
  );
}

/** The blocks as the server would send them once `textOf(blocks)` is saved. */
export function blockViews(blocks: Block[]): BlockView[] {
  let index = 0;
  return blocks.map((block) =>
    block.type === "prose"
      ? block
      : {
          type: "cell",
          index: index++,
          kind: block.kind,
          name: block.name,
          options: block.options,
          opening: block.opening,
          source: sourceOf(block),
          closing: block.closing,
        },
  );
}

/**
 * The page's blocks for a version of the file that replaces the page's text. When the version
 * has the same sequence of prose and cell kinds, each cell keeps its key (so its editor and the
 * editor's undo stay) and takes the version's text; otherwise the blocks are the version's, afresh.
 */
export function blocksOfVersion(blocks: Block[], file: WorkbookFile): Block[] {
  if (!sameShape(blocks, file)) return blocksFromFile(file);
  return file.blocks.map((next, index): Block => {
    const block = blocks[index];
    if (next.type === "prose")
      return block.type === "prose" && block.markdown === next.markdown
        ? block
        : { type: "prose", markdown: next.markdown };
    // Same shape: `block` is a cell of the same kind.
    return {
      ...(block as NotebookCell),
      name: next.name,
      options: next.options,
      opening: next.opening,
      closing: next.closing,
      baseSource: next.source,
      value: editorValue(next.source),
      fileIndex: next.index,
      state: undefined,
    };
  });
}

/** True when `blocks` line up with the file's: same sequence of prose and cells of the same kinds. */
function sameShape(blocks: Block[], file: WorkbookFile): boolean {
  return (
    blocks.length === file.blocks.length &&
    blocks.every((block, index) => {
      const other = file.blocks[index];
      return (
        block.type === other.type && (block.type === "prose" || (other.type === "cell" && block.kind === other.kind))
      );
    })
  );
}

/** Whether a cell message may replace the state shown: a lower `run` of the same cell is a late result. */
export function isNewer(cell: NotebookCell, view: CellView): boolean {
  return !cell.state || cell.state.id !== view.id || view.run >= cell.state.run;
}

/** The names the cells of `kind` have: a new or renamed cell of that kind must take another. */
export function cellNames(blocks: Block[], kind: NamedCellKind): Set<string> {
  return new Set(
    blocks.flatMap((block) => (block.type === "cell" && block.kind === kind && block.name ? [block.name] : [])),
  );
}

/** The name suggested for a new cell of `kind`: `query1`, `alert-1`, … whichever is free. */
export function suggestedName(blocks: Block[], kind: NamedCellKind): string {
  return freeCellName(kind === "sql" ? "query" : "alert-", cellNames(blocks, kind));
}

/** Why `name` cannot name a cell of `kind` in these blocks (`except` the cell being renamed), or undefined. */
export function nameProblem(blocks: Block[], kind: NamedCellKind, name: string, except?: string): string | undefined {
  const problem = cellNameProblem(kind, name || undefined);
  if (problem) return problem;
  if (name !== except && cellNames(blocks, kind).has(name)) return `Another ${kind} cell is already named ${name}.`;
  return undefined;
}

/** The blocks with the cell `key` renamed `name` in its opening fence. */
export function renameCell(blocks: Block[], key: number, name: string): Block[] {
  return blocks.map((block) =>
    block.type === "cell" && block.key === key && block.kind !== "js"
      ? { ...block, name, opening: renamedOpening(block.opening, block.kind, name) }
      : block,
  );
}

/** A new cell of `kind` (named `name`, for sql and alert) after the cell `afterKey` (or at the end), separated by a blank line. */
export function insertCell(blocks: Block[], afterKey: number | undefined, kind: CellKind, name?: string): Block[] {
  const source = NEW_SOURCES[kind];
  const cell: NotebookCell = {
    type: "cell",
    key: ++lastKey,
    kind,
    name,
    options: {},
    opening: `\`\`\`${kind}${name ? ` ${name}` : ""}\n`,
    closing: "```\n",
    baseSource: source,
    value: editorValue(source),
  };
  const at =
    afterKey === undefined
      ? blocks.length
      : blocks.findIndex((block) => block.type === "cell" && block.key === afterKey) + 1;
  return normalize([...blocks.slice(0, at), { type: "prose", markdown: "\n" }, cell, ...blocks.slice(at)]);
}

/** Removes a cell and the blank line that separated it from the block before. */
export function removeCell(blocks: Block[], key: number): Block[] {
  const at = blocks.findIndex((block) => block.type === "cell" && block.key === key);
  if (at < 0) return blocks;
  const before = blocks[at - 1];
  const from = before && isBlank(before) ? at - 1 : at;
  return normalize([...blocks.slice(0, from), ...blocks.slice(at + 1)]);
}

/** Swaps a cell with the nearest cell or prose paragraph before (-1) or after (+1) it, skipping blank lines. */
export function moveCell(blocks: Block[], key: number, direction: -1 | 1): Block[] {
  const at = blocks.findIndex((block) => block.type === "cell" && block.key === key);
  let other = at + direction;
  while (blocks[other] && isBlank(blocks[other])) other += direction;
  if (at < 0 || !blocks[other]) return blocks;
  const moved = [...blocks];
  [moved[at], moved[other]] = [moved[other], moved[at]];
  return normalize(moved);
}

/**
 * A new text block after the cell `afterKey` (or at the end), and the prose block to edit: the
 * prose already following that cell when there is some, else a new one after a blank line.
 */
export function insertProse(blocks: Block[], afterKey: number | undefined): { blocks: Block[]; prose: ProseBlock } {
  const at =
    afterKey === undefined
      ? blocks.length
      : blocks.findIndex((block) => block.type === "cell" && block.key === afterKey) + 1;
  const next = blocks[at];
  if (next?.type === "prose" && at > 0) return { blocks, prose: next };
  const prose: ProseBlock = { type: "prose", markdown: at > 0 ? "\n" : "" };
  const inserted = normalize([...blocks.slice(0, at), prose, ...blocks.slice(at)]);
  return { blocks: inserted, prose: inserted[at] as ProseBlock };
}

const LINE = /[^\r\n]*(?:\r\n|\r|\n)|[^\r\n]+/g;

/** A prose block's lines: the blank ones before and after its text, the text, and its line end. */
function proseParts(markdown: string): { before: string; text: string; after: string; eol: string } {
  const lines = markdown.match(LINE) ?? [];
  const first = lines.findIndex((line) => line.trim() !== "");
  const eol = /\r\n|\r|\n/.exec(markdown)?.[0] ?? "\n";
  if (first < 0) return { before: markdown, text: "", after: "", eol };
  let last = lines.length - 1;
  while (lines[last].trim() === "") last -= 1;
  return {
    before: lines.slice(0, first).join(""),
    text: lines.slice(first, last + 1).join(""),
    after: lines.slice(last + 1).join(""),
    eol,
  };
}

/** What a prose block's editor shows: its text without the blank lines around it, `\n` line ends, no final line end. */
export function proseText(markdown: string): string {
  return editorValue(proseParts(markdown).text.replace(/\r\n?/g, "\n"));
}

/**
 * The prose block's Markdown with its text replaced by the editor's `text`, the blank lines
 * around it and its line ends kept; unchanged bytes when the text is unchanged. Text typed into
 * a blank block gets a blank line after it when a block `follows`, so it does not run into a fence.
 */
export function withProseText(markdown: string, text: string, follows: boolean): string {
  if (text === proseText(markdown)) return markdown;
  const parts = proseParts(markdown);
  const after = parts.text === "" && follows ? parts.eol : parts.after;
  if (text.trim() === "") return parts.before + parts.after;
  return parts.before + text.replace(/\n/g, parts.eol) + parts.eol + after;
}

function isBlank(block: Block): boolean {
  return block.type === "prose" && block.markdown.trim() === "";
}

/**
 * Joins neighbouring prose blocks, as the server's parser would see them, and closes the fence
 * of a cell that ran to the end of the file but no longer comes last.
 */
function normalize(blocks: Block[]): Block[] {
  const joined: Block[] = [];
  for (const block of blocks) {
    const last = joined[joined.length - 1];
    if (block.type === "prose" && last?.type === "prose")
      joined[joined.length - 1] = { type: "prose", markdown: last.markdown + block.markdown };
    else joined.push(block);
  }
  return joined.map((block, index) => {
    if (block.type === "prose" || block.closing !== "" || index === joined.length - 1) return block;
    const source = sourceOf(block);
    return { ...block, closing: `${source === "" || source.endsWith("\n") ? "" : "\n"}\`\`\`\n` };
  });
}
