/**
 * In the worker, turns each value a cell displays into a typed wire output
 * (server/protocol/outputs.ts), within size limits, before it is sent to the host.
 */
import {
  CATEGORY_LIMIT,
  TABLE_ROW_LIMIT,
  type AlertInstanceOutput,
  type AlertOutput,
  type CategoryList,
  type DriftFeature,
  type DriftOutput,
  type DriftStatus,
  type HtmlOutput,
  type JsonOutput,
  type Output,
  type TableOutput,
  type TableValue,
} from "../protocol/index.ts";
import type { AlertDisplay } from "../analysis/types.ts";
import { errorOutput } from "./errors.ts";
import { isQualityResult, qualityOutput } from "./qualityOutput.ts";
import { JsonCopier, dateText, truncateString, type JsonLimits } from "./jsonCopy.ts";
import { isRecord, isTableLike, type TableLike } from "./valueKinds.ts";
import { plotChartOf } from "./stdlib/chartInteraction.ts";
import { isDomNode } from "./stdlib/dom.ts";
import { sanitizedMarkup } from "./stdlib/sanitize.ts";

/**
 * Turns what a cell displays into the one wire output that shows it (see DESIGN "Outputs on
 * the wire"). Checked in this order:
 *
 * - `undefined` → nothing, so a cell that only declares shows nothing;
 * - an `Error` → `error` (with its `line`/`column` properties when the worker set them);
 * - a linkedom node (Plot, `html`) → `svg` for a Plot chart (its `<svg>` or `<figure>`, with its
 *   interaction) or any `<svg>` root, else `html`, both sanitized;
 *   markup over `maxMarkupBytes` is replaced by an `html` note giving its size and the limit
 *   (cutting markup would break it, and one such output goes to every viewer);
 * - an Arquero table (`numRows()`, `columnNames()`, `getter(name)` or `get(name, row)`) or an
 *   array of plain objects → `table`: the first TABLE_ROW_LIMIT rows, read column by column;
 * - a drift report `{method, features: [{feature, method?, status?, statistic, pValue, threshold?,
 *   drift, referenceRows?, currentRows?, newCategories?, missingCategories?, reason?}], share?,
 *   drift?, testedCount?, referenceRows?, currentRows?}` (at least one of `share`, `drift`) →
 *   `drift` (see {@link driftOutput});
 * - a `detectors.dataQuality` result `{rows, columns, summary}` → `quality` (qualityOutput.ts);
 * - anything else → `json`, a bounded JSON-safe copy (a single test result lands here).
 *
 * Never throws: a value whose own accessors throw is shown as an `error`.
 */
export function serializeValue(value: unknown, maxMarkupBytes = DEFAULT_MAX_OUTPUT_BYTES): Output | undefined {
  if (value === undefined) return undefined;
  try {
    return outputOf(value, maxMarkupBytes);
  } catch (error) {
    return errorOutput(new Error(`cannot display this value: ${(error as Error)?.message ?? String(error)}`));
  }
}

/** The default of `--max-output`: the largest HTML or SVG output, in bytes. */
export const DEFAULT_MAX_OUTPUT_BYTES = 5 * 1024 * 1024;

const JSON_LIMITS = { depth: 6, items: 200, string: 10_000, bytes: 256 * 1024 };
/** Objects inside table cells become short JSON text. */
const CELL_JSON_LIMITS = { depth: 2, items: 20, string: 200, bytes: 2_000 };

/** How a table cell's value is written: text cut at `string` characters, nested values bounded by `nested`. */
export interface CellValueLimits {
  string: number;
  nested: JsonLimits;
}
/** A page's table: text cut as JSON outputs cut it, nested values short. */
const PAGE_CELL: CellValueLimits = { string: JSON_LIMITS.string, nested: CELL_JSON_LIMITS };

function outputOf(value: unknown, maxMarkupBytes: number): Output {
  if (value instanceof Error) return errorOutput(value);
  if (isDomNode(value)) {
    const markup = sanitizedMarkup(value);
    const chart = plotChartOf(value);
    const kind = chart || value.localName === "svg" ? "svg" : "html";
    const bytes = Buffer.byteLength(markup);
    if (bytes > maxMarkupBytes) return cutNote(kind, bytes, maxMarkupBytes);
    if (kind === "html") return { kind, html: markup };
    return chart?.interaction ? { kind, svg: markup, interaction: chart.interaction } : { kind, svg: markup };
  }
  if (isTableLike(value)) return arqueroTable(value);
  if (isDriftReport(value)) return driftOutput(value);
  if (isQualityResult(value)) return qualityOutput(value);
  if (Array.isArray(value) && value.length > 0 && value.slice(0, TABLE_ROW_LIMIT).every(isPlainObject)) {
    return objectsTable(value);
  }
  return jsonOutput(value);
}

/** Says, in place of markup too large to send, how large it was and what the limit is. */
function cutNote(kind: "svg" | "html", bytes: number, limit: number): HtmlOutput {
  const text = `output cut at ${megabytes(limit)}: this ${kind.toUpperCase()} output is ${megabytes(bytes)}, over the --max-output limit`;
  return { kind: "html", html: `<p class="note">${text}</p>` };
}

const megabytes = (bytes: number) => `${Number((bytes / 1024 / 1024).toPrecision(3))} MB`;

function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (!isRecord(value)) return false;
  const prototype = Object.getPrototypeOf(value);
  return prototype === Object.prototype || prototype === null;
}

function arqueroTable(table: TableLike): TableOutput {
  const totalRows = table.numRows();
  const shown = Math.min(totalRows, TABLE_ROW_LIMIT);
  const names = table.columnNames();
  const columns = names.map((name) => {
    const read = columnReader(table, name);
    return Array.from({ length: shown }, (_, row) => read(row));
  });
  return tableOutput(names, columns, totalRows);
}

function objectsTable(objects: unknown[]): TableOutput {
  const rows = objects.slice(0, TABLE_ROW_LIMIT) as Record<string, unknown>[];
  const names = [...new Set(rows.flatMap((row) => Object.keys(row)))];
  const columns = names.map((name) => rows.map((row) => row[name]));
  return tableOutput(names, columns, objects.length);
}

function tableOutput(names: string[], columns: unknown[][], totalRows: number): TableOutput {
  const cells = columns.map((values) => values.map((value) => tableValue(value)));
  const rows = Array.from({ length: columns[0]?.length ?? 0 }, (_, row) => cells.map((column) => column[row]));
  const schema = names.map((name, index) => ({ name, type: columnType(columns[index]) }));
  return { kind: "table", columns: schema, rows, totalRows };
}

function columnType(values: unknown[]): string {
  const value = values.find((item) => item !== null && item !== undefined);
  if (value === undefined) return "unknown";
  if (value instanceof Date) return "date";
  if (Array.isArray(value)) return "array";
  return typeof value;
}

/** Column `name` of an Arquero-like table, read by row. */
export function columnReader(table: TableLike, name: string): (row: number) => unknown {
  return table.getter ? table.getter(name) : (row: number) => table.get!(name, row);
}

/** A table cell's value as text or a JSON scalar: null for missing, ISO 8601 for dates, JSON text for nested values. */
export function tableValue(value: unknown, limits: CellValueLimits = PAGE_CELL): TableValue {
  if (value === null || value === undefined) return null;
  if (typeof value === "number") return Number.isFinite(value) ? value : String(value);
  if (typeof value === "boolean") return value;
  if (typeof value === "string") return truncateString(value, limits.string);
  if (typeof value === "bigint") return String(value);
  if (value instanceof Date) return dateText(value);
  return JSON.stringify(new JsonCopier(limits.nested).copy(value, 0));
}

function isDriftReport(value: unknown): value is Record<string, unknown> & { method: string; features: unknown[] } {
  return (
    isRecord(value) &&
    typeof value.method === "string" &&
    Array.isArray(value.features) &&
    value.features.every((feature) => isRecord(feature) && "feature" in feature) &&
    ("share" in value || "drift" in value)
  );
}

/**
 * A drift report as the wire carries it. A feature without a known `status` (a report not from
 * tabularDrift) is "drifted" when it drifted, "skipped" when its method is "skipped", else
 * "stable". Missing `testedCount` counts the drifted and stable features; missing `share` is the
 * drifted fraction of them; missing `drift` is whether any feature drifted. New and missing
 * categories travel as their first CATEGORY_LIMIT entries and their number.
 */
function driftOutput(report: Record<string, unknown> & { method: string; features: unknown[] }): DriftOutput {
  const features = (report.features as Record<string, unknown>[]).map((feature): DriftFeature => {
    const method = typeof feature.method === "string" ? feature.method : report.method;
    const line: DriftFeature = {
      feature: String(feature.feature),
      method,
      status: driftStatus(feature.status, feature.drift === true, method),
      statistic: finiteOrNull(feature.statistic),
      pValue: finiteOrNull(feature.pValue),
      threshold: finiteOrNull(feature.threshold),
      drift: feature.drift === true,
    };
    const referenceRows = countOrUndefined(feature.referenceRows);
    const currentRows = countOrUndefined(feature.currentRows);
    if (referenceRows !== undefined && currentRows !== undefined) Object.assign(line, { referenceRows, currentRows });
    const newCategories = categoryList(feature.newCategories);
    if (newCategories) line.newCategories = newCategories;
    const missingCategories = categoryList(feature.missingCategories);
    if (missingCategories) line.missingCategories = missingCategories;
    if (typeof feature.reason === "string") line.reason = truncateString(feature.reason, 500);
    return line;
  });
  const drifted = features.filter((feature) => feature.status === "drifted").length;
  const tested =
    countOrUndefined(report.testedCount) ??
    features.filter((feature) => feature.status === "drifted" || feature.status === "stable").length;
  const share = finiteOrNull(report.share) ?? (tested ? drifted / tested : 0);
  const drift = typeof report.drift === "boolean" ? report.drift : drifted > 0;
  const output: DriftOutput = { kind: "drift", method: report.method, features, share, tested, drift };
  const referenceRows = countOrUndefined(report.referenceRows);
  const currentRows = countOrUndefined(report.currentRows);
  if (referenceRows !== undefined && currentRows !== undefined) Object.assign(output, { referenceRows, currentRows });
  return output;
}

const DRIFT_STATUSES: readonly DriftStatus[] = ["drifted", "stable", "insufficient", "skipped"];

function driftStatus(status: unknown, drift: boolean, method: string): DriftStatus {
  if (DRIFT_STATUSES.includes(status as DriftStatus)) return status as DriftStatus;
  return drift ? "drifted" : method === "skipped" ? "skipped" : "stable";
}

/** `[{category, count}]` cut to CATEGORY_LIMIT entries; undefined when it is not such a list. */
function categoryList(value: unknown): CategoryList | undefined {
  if (!Array.isArray(value)) return undefined;
  const categories = value
    .filter((entry): entry is Record<string, unknown> => isRecord(entry) && countOrUndefined(entry.count) !== undefined)
    .map((entry) => ({ category: truncateString(String(entry.category), 200), count: entry.count as number }));
  return { categories: categories.slice(0, CATEGORY_LIMIT), distinct: categories.length };
}

function countOrUndefined(value: unknown): number | undefined {
  return typeof value === "number" && Number.isInteger(value) && value >= 0 ? value : undefined;
}

/** Bounds of each alert instance's value: usually a number, and a rule may have many instances. */
const ALERT_VALUE_LIMITS = { depth: 4, items: 50, string: 1_000, bytes: 16 * 1024 };

/** An alert cell's evaluation (see the analysis compiler) as an `alert` output; a missing or NaN value is null. */
export function alertOutput(display: AlertDisplay): AlertOutput {
  const { alert, severity, instances } = display;
  const output: AlertOutput = {
    kind: "alert",
    name: alert,
    instances: (instances ?? []).map((instance) => {
      const { key, condition, value, recovered } = instance;
      const missing = value === undefined || value === null || (typeof value === "number" && Number.isNaN(value));
      const evaluation = {
        condition: Boolean(condition),
        value: missing ? null : new JsonCopier(ALERT_VALUE_LIMITS).copy(value, 0),
      };
      const copy: AlertInstanceOutput = key === undefined ? evaluation : { key: String(key), ...evaluation };
      if (recovered !== undefined) copy.recovered = Boolean(recovered);
      return copy;
    }),
  };
  if (typeof severity === "string") output.severity = severity;
  return output;
}

function finiteOrNull(value: unknown): number | null {
  return typeof value === "number" && Number.isFinite(value) ? value : null;
}

function jsonOutput(value: unknown): JsonOutput {
  const copier = new JsonCopier(JSON_LIMITS);
  const output: JsonOutput = { kind: "json", value: copier.copy(value, 0) };
  const truncated = copier.truncation();
  if (truncated) output.truncated = truncated;
  return output;
}
