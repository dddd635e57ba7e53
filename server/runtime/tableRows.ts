/**
 * In the worker, pages of a displayed table's rows for an export (server/http/routes/exports.ts):
 * the whole table, not the first TABLE_ROW_LIMIT rows its `table` output carries. Values keep
 * their full text (no truncation); dates become ISO 8601 text and nested values JSON text, as
 * in the output, so a download reads like the page.
 */
import type { ExportValue } from "../export/delimited.ts";
import type { HostCommand, TablePage, WorkerEvent } from "./messages.ts";
import { columnReader, tableValue, type CellValueLimits } from "./serialize.ts";
import { isRecord, isTableLike } from "./valueKinds.ts";

/** The values a cell's last run displayed, and which display that was (unique in its process). */
export interface ShownValues {
  values: unknown[];
  id: number;
}

/**
 * The answer to a download's `tableRows` command: the page, or why there is none — the cell
 * shows nothing, the output is not a table, or the cell displayed new values since the first
 * page (`shown` differs), so the pages would mix two results.
 */
export function tableRowsAnswer(
  command: Extract<HostCommand, { type: "tableRows" }>,
  shown: ShownValues | undefined,
): Extract<WorkerEvent, { type: "tableRows" }> {
  const answer = { type: "tableRows" as const, request: command.request };
  if (!shown || shown.values.length === 0) return { ...answer, error: "the cell shows nothing now" };
  if (command.shown !== undefined && command.shown !== shown.id)
    return { ...answer, error: "the cell ran again during the export: download it again" };
  try {
    const page = tablePage(shown.values[command.output], command.offset, command.limit);
    if (!page) return { ...answer, error: `output ${command.output} of the cell is not a table` };
    return { ...answer, page: { ...page, shown: shown.id } };
  } catch (error) {
    return { ...answer, error: `cannot read the table: ${(error as Error)?.message ?? String(error)}` };
  }
}

/** A cell of an export: its whole text, and nested values deeper than the page's, still bounded. */
const EXPORT_CELL: CellValueLimits = {
  string: Number.POSITIVE_INFINITY,
  nested: { depth: 6, items: 1_000, string: 100_000, bytes: 1024 * 1024 },
};

/** Column names of arrays of objects, computed once per array: every page of one export asks again. */
const objectColumns = new WeakMap<object, string[]>();

/**
 * Rows `offset` to `offset + limit` of a displayed value: an Arquero table, or an array of plain
 * objects (columns: every key any row has, in order of first appearance). Undefined when the
 * value is neither, so it has no rows to export.
 */
export function tablePage(value: unknown, offset: number, limit: number): TablePage | undefined {
  if (isTableLike(value)) {
    const totalRows = value.numRows();
    const columns = value.columnNames();
    const end = Math.min(totalRows, offset + limit);
    const readers = columns.map((name) => columnReader(value, name));
    const rows: ExportValue[][] = [];
    for (let row = offset; row < end; row++) rows.push(readers.map((read) => exportValue(read(row))));
    return { columns, rows, totalRows };
  }
  if (Array.isArray(value) && value.length > 0 && value.every(isRecord)) {
    let columns = objectColumns.get(value);
    if (!columns) {
      columns = [...new Set(value.flatMap((row) => Object.keys(row as object)))];
      objectColumns.set(value, columns);
    }
    const page = (value.slice(offset, offset + limit) as Record<string, unknown>[]).map((row) =>
      columns.map((name) => exportValue(row[name])),
    );
    return { columns, rows: page, totalRows: value.length };
  }
  return undefined;
}

/** A cell's value as an export writes it (serialize.ts tableValue, with EXPORT_CELL's limits). */
export function exportValue(value: unknown): ExportValue {
  return tableValue(value, EXPORT_CELL);
}
