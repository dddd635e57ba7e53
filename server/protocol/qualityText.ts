/**
 * How every viewer words a `quality` output (a dataQuality report): the browser's renderer
 * (client/outputs/quality.ts) and the static report's (server/render/outputs.ts) build their own
 * markup from these texts, as drift reports do from outputText.ts. Pure text.
 */
import { formatCount, formatNumber } from "./outputText.ts";
import type { QualityColumn, QualityOutput } from "./outputs.ts";

/** The report's table header. */
export const QUALITY_COLUMNS = ["column", "role", "type", "missing", "distinct", "findings"];

/** "data quality: 1,200 rows × 8 columns — 2.5% of cells missing; 75% labelled", and whether anything was found. */
export function qualitySummary(output: QualityOutput): { text: string; flagged: boolean } {
  const shape = `${formatCount(output.rows)} ${output.rows === 1 ? "row" : "rows"} × ${formatCount(output.totalColumns)} ${output.totalColumns === 1 ? "column" : "columns"}`;
  const missing = `${formatNumber(output.missingCells.share * 100)}% of cells missing`;
  const labelled = output.labelCoverage === undefined ? "" : `; ${formatNumber(output.labelCoverage * 100)}% labelled`;
  const cut =
    output.columns.length < output.totalColumns
      ? `; the first ${formatCount(output.columns.length)} columns shown`
      : "";
  return { text: `data quality: ${shape} — ${missing}${labelled}${cut}`, flagged: output.findings.length > 0 };
}

/** A finding as a line: "constant: region, channel". */
export function findingText(finding: QualityOutput["findings"][number]): string {
  return `${finding.check}: ${finding.columns.join(", ")}`;
}

/** What a profile could not check, as a line; "" when the report was checked from rows. */
export function unavailableText(output: QualityOutput): string {
  return output.unavailable?.length
    ? `checked from profiles; not checked exactly: ${output.unavailable.join(", ")}`
    : "";
}

/** A column's cells, aligned with QUALITY_COLUMNS. */
export function qualityCells(column: QualityColumn): string[] {
  const missing = column.missing
    ? `${formatCount(column.missing.count)} (${formatNumber(column.missing.share * 100)}%)`
    : "—";
  return [column.column, column.role, column.type, missing, formatCount(column.distinct), column.issues.join("; ")];
}
