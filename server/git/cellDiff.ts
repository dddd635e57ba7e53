/**
 * Compares two versions of a workbook cell by cell, the way a reviewer reads it: which cells
 * and prose blocks were kept, edited, added or removed, with a line diff inside each edited
 * one. Pure: text in, data out.
 */
import type { BlockDiff, FrontMatterDiff, WorkbookDiff } from "../protocol/git.ts";
import { parseWorkbook, type Block } from "../workbook/index.ts";
import { diffLines } from "./lineDiff.ts";
import { diffSequences } from "./sequenceDiff.ts";

/**
 * The differences between two workbook texts. Blocks are aligned by identity — a named cell by
 * its kind and name, an unnamed cell by its kind and source, prose by its text — and a removed
 * block followed, in the same stretch, by an added block of the same type (and cell kind) is
 * reported as one changed block.
 */
export function diffWorkbooks(oldText: string, newText: string): WorkbookDiff {
  const before = parseWorkbook(oldText);
  const after = parseWorkbook(newText);
  return {
    frontMatter: diffFrontMatter(before.frontMatter?.raw ?? "", after.frontMatter?.raw ?? ""),
    blocks: diffBlocks(before.blocks, after.blocks),
  };
}

function diffFrontMatter(before: string, after: string): FrontMatterDiff {
  return before === after
    ? { before, after, changed: false }
    : { before, after, changed: true, lines: diffLines(before, after) };
}

function diffBlocks(oldBlocks: Block[], newBlocks: Block[]): BlockDiff[] {
  const diffs: BlockDiff[] = [];
  let removed: Block[] = [];
  let added: Block[] = [];
  for (const step of diffSequences(oldBlocks.map(identity), newBlocks.map(identity))) {
    if (step.op === "del") removed.push(oldBlocks[step.a]);
    else if (step.op === "add") added.push(newBlocks[step.b]);
    else {
      diffs.push(...pairUp(removed, added), compare(oldBlocks[step.a], newBlocks[step.b]));
      removed = [];
      added = [];
    }
  }
  diffs.push(...pairUp(removed, added));
  return diffs;
}

/** What makes two blocks "the same block" across versions, even when edited. */
function identity(block: Block): string {
  if (block.type === "prose") return `prose\0${block.markdown}`;
  return block.name !== undefined
    ? `cell\0${block.kind}\0name\0${block.name}`
    : `cell\0${block.kind}\0source\0${block.source}`;
}

/**
 * The removed and added blocks between two aligned ones, in document order: each removed block
 * is paired with the next added block it can be an edit of (never crossing an earlier pair);
 * the rest stay removed or added.
 */
function pairUp(removed: Block[], added: Block[]): BlockDiff[] {
  const pairs: Array<[number, number]> = [];
  let nextAdded = 0;
  removed.forEach((block, r) => {
    const a = added.findIndex((candidate, index) => index >= nextAdded && canBeEditOf(candidate, block));
    if (a < 0) return;
    pairs.push([r, a]);
    nextAdded = a + 1;
  });
  const diffs: BlockDiff[] = [];
  let r = 0;
  let a = 0;
  for (const [pairedR, pairedA] of [...pairs, [removed.length, added.length]]) {
    while (r < pairedR) diffs.push({ change: "removed", ...describe(removed[r]), before: textOf(removed[r++]) });
    while (a < pairedA) diffs.push({ change: "added", ...describe(added[a]), after: textOf(added[a++]) });
    if (pairedR < removed.length) diffs.push(compare(removed[r++], added[a++]));
  }
  return diffs;
}

function canBeEditOf(after: Block, before: Block): boolean {
  if (after.type === "prose" || before.type === "prose") return after.type === before.type;
  return after.kind === before.kind;
}

/** A block present in both versions: the same, or changed with its line diff. */
function compare(before: Block, after: Block): BlockDiff {
  const oldText = textOf(before);
  const newText = textOf(after);
  if (oldText === newText) return { change: "same", ...describe(after), before: oldText, after: newText };
  return { change: "changed", ...describe(after), before: oldText, after: newText, lines: diffLines(oldText, newText) };
}

function describe(block: Block): Pick<BlockDiff, "type" | "kind" | "name"> {
  if (block.type === "prose") return { type: "prose" };
  return block.name !== undefined
    ? { type: "cell", kind: block.kind, name: block.name }
    : { type: "cell", kind: block.kind };
}

/** The block's exact text in the file: prose as is, a cell with its fences. */
function textOf(block: Block): string {
  return block.type === "prose" ? block.markdown : block.opening + block.source + block.closing;
}
