/**
 * Renders a workbook diff (server/git/cellDiff.ts) the way a reviewer reads it: the front matter
 * when it changed, then each prose block and cell in document order — a run of unchanged ones
 * as a single muted line, an edited one with its line diff, an added or removed one whole. Pure DOM,
 * every piece of the file going in as text.
 */
import { el } from "../dom.ts";
import type { BlockChange, BlockDiff, LineDiff, WorkbookDiff } from "../gitApi.ts";

const PREFIX: Record<LineDiff["op"], string> = { same: " ", add: "+", del: "-" };

/** The changes from the version `since` (a short hash) to the working file; `existed` is false when the file is new since. */
export function diffView(diff: WorkbookDiff, since: string, existed: boolean): HTMLDivElement {
  const view = el("div", { class: "git-diff" }, el("h4", { class: "diff-heading", text: `Changes since ${since}` }));
  if (!existed)
    view.append(el("p", { class: "note", text: `The workbook did not exist in ${since}: all of it is new.` }));
  if (!diff.frontMatter.changed && diff.blocks.every((block) => block.change === "same")) {
    view.append(el("p", { class: "note diff-none", text: `No changes since ${since}.` }));
    return view;
  }
  const { frontMatter } = diff;
  if (frontMatter.changed)
    view.append(
      changedBlock(
        "changed",
        ["front matter"],
        frontMatter.lines ?? replaced(frontMatter.before, frontMatter.after),
        "diff-front-matter",
      ),
    );
  let unchanged: BlockDiff[] = [];
  const flush = () => {
    if (unchanged.length) view.append(unchangedRun(unchanged));
    unchanged = [];
  };
  for (const block of diff.blocks) {
    if (block.change === "same") {
      unchanged.push(block);
      continue;
    }
    flush();
    view.append(blockView(block));
  }
  flush();
  return view;
}

/** Unchanged blocks in a row, as one muted line: "unchanged js cell current", or "3 unchanged blocks (2 cells)". */
function unchangedRun(blocks: BlockDiff[]): HTMLElement {
  const cells = blocks.filter((block) => block.type === "cell").length;
  const label =
    blocks.length === 1
      ? ["unchanged ", ...blockLabel(blocks[0])]
      : [`${blocks.length} unchanged blocks (${cells} ${cells === 1 ? "cell" : "cells"})`];
  return el("div", { class: "diff-block diff-same", attrs: { "data-change": "same" } }, ...label);
}

function blockView(block: BlockDiff): HTMLElement {
  const label = blockLabel(block);
  switch (block.change) {
    case "same":
      return unchangedRun([block]);
    case "changed":
      return changedBlock("changed", label, block.lines ?? replaced(block.before ?? "", block.after ?? ""));
    case "added":
      return changedBlock("added", label, whole("add", block.after ?? ""));
    case "removed":
      return changedBlock("removed", label, whole("del", block.before ?? ""));
  }
}

/** "prose", or the cell's kind and name: "js cell <code>name</code>". */
function blockLabel(block: BlockDiff): (string | Node)[] {
  if (block.type === "prose") return ["prose"];
  return [
    `${block.kind ?? ""} cell`,
    ...(block.name === undefined ? [] : [" ", el("code", { class: "diff-name", text: block.name })]),
  ];
}

function changedBlock(
  change: Exclude<BlockChange, "same">,
  label: (string | Node)[],
  lines: LineDiff[],
  extraClass = "",
): HTMLElement {
  return el(
    "section",
    { class: `diff-block diff-${change}${extraClass ? ` ${extraClass}` : ""}`, attrs: { "data-change": change } },
    el(
      "div",
      { class: "diff-block-head" },
      el("span", { class: "diff-badge", text: change }),
      el("span", { class: "diff-label" }, ...label),
    ),
    el(
      "pre",
      { class: "diff-lines" },
      ...lines.map((line) => el("span", { class: `line-${line.op}`, text: PREFIX[line.op] + line.text })),
    ),
  );
}

/** Every line of `text` as added or deleted. */
function whole(op: "add" | "del", text: string): LineDiff[] {
  return splitLines(text).map((line) => ({ op, text: line }));
}

/** A diff of two texts without a line diff from the server: all of one out, all of the other in. */
function replaced(before: string, after: string): LineDiff[] {
  return [...whole("del", before), ...whole("add", after)];
}

/** The lines of `text` without their line ends; a final line end starts no extra line. */
function splitLines(text: string): string[] {
  if (text === "") return [];
  const lines = text.split(/\r\n|\r|\n/);
  if (lines.at(-1) === "") lines.pop();
  return lines;
}
