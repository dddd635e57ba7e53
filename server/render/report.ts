/**
 * A workbook run as one static HTML page: inline CSS, no script, no server needed to open
 * it. Under the title, its provenance; prose is Markdown with raw HTML turned off, each cell shows its status, duration and
 * outputs, and the source of cells (unless marked `hidden`) sits in a collapsed `<details>`.
 */
import MarkdownIt from "markdown-it";
import type { CellStatus, DataWindow, Output, Problem, Provenance } from "../protocol/index.ts";
import type { CellBlock, WorkbookDoc } from "../workbook/types.ts";
import { escapeHtml } from "./escape.ts";
import { renderOutput } from "./outputs.ts";
import { renderProvenance } from "./provenance.ts";
import { outputStyles, reportStyles } from "./styles.ts";

/** One cell's result on the run being reported. */
export interface ReportCell {
  status: CellStatus;
  ms?: number;
  outputs: Output[];
}

export interface ReportInput {
  title: string;
  doc: WorkbookDoc;
  /** Aligned with the cell blocks of `doc`; a missing entry shows as a cell that has not run. */
  cells: ReportCell[];
  /** A link back to the workbook list, for pages the server shows; a saved report has none. */
  home?: string;
  /** Where the report came from, shown under its title. */
  provenance: Provenance;
  /** What the report's `sql` queries read. */
  dataWindows: DataWindow[];
}

const markdown = new MarkdownIt({ html: false });

export function renderReport({ title, doc, cells, home, provenance, dataWindows }: ReportInput): string {
  let cellIndex = 0;
  const body = doc.blocks.map((block) =>
    block.type === "prose" ? markdown.render(block.markdown) : renderCell(block, cells[cellIndex++]),
  );
  return [
    "<!doctype html>",
    `<html lang="en">\n<head>\n<meta charset="utf-8">`,
    `<meta name="viewport" content="width=device-width, initial-scale=1">`,
    `<title>${escapeHtml(title)}</title>`,
    `<style>${reportStyles}${outputStyles}</style>\n</head>\n<body>`,
    renderHeader(title, cells, home),
    renderProvenance(provenance, dataWindows),
    renderProblems(doc.problems),
    ...body,
    "</body>\n</html>\n",
  ].join("\n");
}

function renderHeader(title: string, cells: ReportCell[], home: string | undefined): string {
  const counts = new Map<CellStatus, number>();
  for (const { status } of cells) counts.set(status, (counts.get(status) ?? 0) + 1);
  const summary = [...counts].map(([status, count]) => `${count} ${status}`).join(", ");
  const back = home === undefined ? "" : `<a href="${escapeHtml(home)}">Workbooks</a> · `;
  return `<header class="report">${back}<strong>${escapeHtml(title)}</strong> · ${cells.length} cells${summary ? `: ${summary}` : ""}</header>`;
}

function renderProblems(problems: Problem[]): string {
  if (problems.length === 0) return "";
  const items = problems.map((problem) => `<li>line ${problem.line}: ${escapeHtml(problem.message)}</li>`);
  return `<section class="problems"><strong>Problems</strong><ul>${items.join("")}</ul></section>`;
}

function renderCell(block: CellBlock, cell: ReportCell = { status: "pending", outputs: [] }): string {
  return [
    `<section class="cell ${cell.status}">`,
    renderCellMeta(block, cell),
    block.options.hidden ? "" : renderSource(block),
    ...cell.outputs.map(renderOutput),
    "</section>",
  ].join("\n");
}

function renderCellMeta(block: CellBlock, cell: ReportCell): string {
  const label = [block.kind, block.name]
    .filter(Boolean)
    .map((part) => escapeHtml(part!))
    .join(" ");
  const duration = cell.ms === undefined ? "" : ` · ${formatDuration(cell.ms)}`;
  return `<div class="cell-meta">${label} · <span class="status status-${cell.status}">${cell.status}</span>${duration}</div>`;
}

function renderSource(block: CellBlock): string {
  return `<details class="source"><summary>source</summary><pre><code>${escapeHtml(block.source)}</code></pre></details>`;
}

function formatDuration(ms: number): string {
  return ms < 1000 ? `${Math.round(ms)} ms` : `${(ms / 1000).toFixed(1)} s`;
}
