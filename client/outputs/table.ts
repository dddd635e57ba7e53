/** Renders a `table` output: a sortable HTML table of the rows sent and a note of how many there are in all. */
import {
  cellText,
  formatCount,
  rowCountText,
  rowsText,
  type TableColumn,
  type TableOutput,
  type TableValue,
} from "../../server/protocol/index.ts";
import { el } from "../dom.ts";
import { inspectValue } from "./json.ts";

type Direction = "ascending" | "descending";

/**
 * A table of the first rows a cell returned, with the total row count ("showing 1,000 of
 * 12,345 rows"), or, when its box clips it, what is in view ("showing 15 of 31 rows · scroll");
 * wide tables scroll sideways. Numbers read by magnitude and instants as dates in the viewer's
 * zone, each with its exact value on hover; nested values (objects, arrays) open in an inspector.
 * Clicking a header sorts the rows shown by that column; clicking again reverses.
 */
export function renderTable(output: TableOutput): HTMLElement {
  const body = el("tbody");
  const headers = output.columns.map((column, index) => {
    const header = el(
      "th",
      { attrs: { scope: "col", title: column.type } },
      el("button", { text: column.name, attrs: { type: "button" } }),
    );
    header.addEventListener("click", () => sortBy(index));
    return header;
  });
  let sorted: { column: number; direction: Direction } | undefined;

  const fill = (rows: TableValue[][]) =>
    body.replaceChildren(
      ...rows.map((row) => el("tr", {}, ...row.map((value, index) => tableCell(value, output.columns[index])))),
    );
  const sortBy = (column: number) => {
    const direction: Direction =
      sorted?.column === column && sorted.direction === "ascending" ? "descending" : "ascending";
    sorted = { column, direction };
    const sign = direction === "ascending" ? 1 : -1;
    fill([...output.rows].sort((a, b) => sign * compareValues(a[column], b[column])));
    headers.forEach((header, index) =>
      index === column ? header.setAttribute("aria-sort", direction) : header.removeAttribute("aria-sort"),
    );
  };
  fill(output.rows);

  const scroll = el("div", { class: "scroll" }, el("table", {}, el("thead", {}, el("tr", {}, ...headers)), body));
  const note = el("p", { class: "note", text: rowCountText(output) });
  // Layout decides what is in view: say so once the table is on the page, and again when its box resizes.
  if (typeof ResizeObserver !== "undefined")
    new ResizeObserver(() => (note.textContent = inViewText(output, scroll, body))).observe(scroll);
  return el("div", { class: "output output-table" }, scroll, note);
}

/** "showing 15 of 31 rows · scroll" when the box clips rows, "… · scroll sideways" when only columns; else rowCountText. */
function inViewText(output: TableOutput, scroll: HTMLElement, body: HTMLTableSectionElement): string {
  const tall = scroll.scrollHeight > scroll.clientHeight + 1;
  const wide = scroll.scrollWidth > scroll.clientWidth + 1;
  if (!tall) return wide ? `${rowCountText(output)} · scroll sideways` : rowCountText(output);
  const bottom = scroll.getBoundingClientRect().top + scroll.clientHeight;
  const inView = [...body.rows].filter((row) => row.getBoundingClientRect().bottom <= bottom + 1).length;
  const sent = output.rows.length < output.totalRows ? ` (the first ${formatCount(output.rows.length)} here)` : "";
  return `showing ${formatCount(inView)} of ${rowsText(output.totalRows)}${sent} · scroll`;
}

function tableCell(value: TableValue, column: TableColumn | undefined): HTMLTableCellElement {
  if (value === null) return el("td", { class: "null" });
  const { kind, text, full } = cellText(value, column);
  if (kind === "text" && (column?.type === "object" || column?.type === "array")) {
    const nested = parsedJson(text);
    if (nested !== undefined) return el("td", { class: "nested" }, inspectValue(nested));
  }
  return el("td", { class: kind === "text" ? "" : kind, text, ...(full === undefined ? {} : { title: full }) });
}

/** A nested value the server sent as JSON text; undefined when it is not (cut short, say). */
function parsedJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

/** Nulls last; numbers numerically; everything else as text in natural order. */
function compareValues(a: TableValue, b: TableValue): number {
  if (a === null || b === null) return a === b ? 0 : a === null ? 1 : -1;
  if (typeof a === "number" && typeof b === "number") return a - b;
  return String(a).localeCompare(String(b), undefined, { numeric: true });
}
