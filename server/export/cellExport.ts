/**
 * What a download of a cell's output holds (issue 24, item 5), apart from HTTP: a table's whole
 * rows as CSV or TSV, read page by page from the live workbook's cell process so a result of a
 * million rows is never one string; a drift report as CSV (one row per feature) or as its JSON.
 * The route (http/routes/exports.ts) picks the output and writes these to the response.
 */
import type { DriftOutput } from "../protocol/index.ts";
import type { ShownPage } from "../runtime/pageRequests.ts";
import { delimitedRecord, type DelimitedFormat, type ExportValue } from "./delimited.ts";

export type ExportFormat = DelimitedFormat | "json";

export const EXPORT_FORMATS: readonly ExportFormat[] = ["csv", "tsv", "json"];

/** Rows asked of the cell process at a time: a few hundred kilobytes of text per page. */
export const EXPORT_PAGE_ROWS = 5_000;

/** Reads rows `offset`.. of the table, from the display `shown` when given (RuntimeHost.tableRows, bound to one output). */
export type PageReader = (offset: number, limit: number, shown?: number) => Promise<ShownPage>;

/**
 * The table's text, a header record then one chunk per page. The first page is read before the
 * first chunk is yielded, so a table that cannot be read fails before anything is sent; later
 * pages must come from the same display, or the generator throws mid-way.
 */
export async function* tableText(read: PageReader, format: DelimitedFormat): AsyncGenerator<string> {
  let page = await read(0, EXPORT_PAGE_ROWS);
  const { shown, totalRows } = page;
  yield delimitedRecord(page.columns, format);
  let offset = 0;
  for (;;) {
    yield page.rows.map((row) => delimitedRecord(row, format)).join("");
    offset += page.rows.length;
    if (offset >= totalRows || page.rows.length === 0) return;
    page = await read(offset, EXPORT_PAGE_ROWS, shown);
  }
}

/** A drift report's columns in a CSV: one row per feature; categories as how many distinct ones there are. */
const DRIFT_CSV_COLUMNS = [
  "feature",
  "method",
  "status",
  "statistic",
  "pValue",
  "threshold",
  "drift",
  "referenceRows",
  "currentRows",
  "newCategories",
  "missingCategories",
  "reason",
] as const;

/** A drift report as CSV or TSV, one row per feature; the JSON download keeps the categories themselves. */
export function driftText(report: DriftOutput, format: DelimitedFormat): string {
  const rows = report.features.map((feature): ExportValue[] => [
    feature.feature,
    feature.method,
    feature.status,
    feature.statistic,
    feature.pValue,
    feature.threshold,
    feature.drift,
    feature.referenceRows ?? null,
    feature.currentRows ?? null,
    feature.newCategories?.distinct ?? null,
    feature.missingCategories?.distinct ?? null,
    feature.reason ?? null,
  ]);
  return [DRIFT_CSV_COLUMNS, ...rows].map((row) => delimitedRecord(row, format)).join("");
}

/** A drift report as JSON: the report as the page has it (protocol DriftOutput), without its wire `kind`. */
export function driftJson(report: DriftOutput): string {
  const { kind: _kind, ...rest } = report;
  return JSON.stringify(rest, null, 2) + "\n";
}
