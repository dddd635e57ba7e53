/** Renders a `table` output: a sortable HTML table of the rows sent and a note of how many there are in all. */
import { rowCountText, type TableOutput, type TableValue } from "../../server/protocol/index.ts";
import { el } from "../dom.ts";

type Direction = "ascending" | "descending";

/**
 * A table of the first rows a cell returned, with the total row count ("showing 1,000 of
 * 12,345 rows"). Clicking a header sorts the rows shown by that column; clicking again reverses.
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
    body.replaceChildren(...rows.map((row) => el("tr", {}, ...row.map(tableCell))));
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

  return el(
    "div",
    { class: "output output-table" },
    el("div", { class: "scroll" }, el("table", {}, el("thead", {}, el("tr", {}, ...headers)), body)),
    el("p", { class: "note", text: rowCountText(output) }),
  );
}

function tableCell(value: TableValue): HTMLTableCellElement {
  if (value === null) return el("td", { class: "null" });
  return el("td", { class: typeof value === "number" ? "number" : "", text: String(value) });
}

/** Nulls last; numbers numerically; everything else as text in natural order. */
function compareValues(a: TableValue, b: TableValue): number {
  if (a === null || b === null) return a === b ? 0 : a === null ? 1 : -1;
  if (typeof a === "number" && typeof b === "number") return a - b;
  return String(a).localeCompare(String(b), undefined, { numeric: true });
}
