/**
 * In the worker, recognizes a `detectors.dataQuality` result (detectors/tabular/qualityChecks.ts)
 * among displayed values and turns it into a `quality` output: a report, as drift results are,
 * instead of a JSON tree a reader has to dig through (issue 24 item 6). The checks are worded
 * here, once, so the browser and the static report say the same.
 */
import type { ColumnQuality, DataQualityResult } from "../../detectors/index.ts";
import { QUALITY_COLUMN_LIMIT, formatCount, formatNumber, type QualityOutput } from "../protocol/index.ts";
import { truncateString } from "./jsonCopy.ts";
import { isRecord } from "./valueKinds.ts";

/** A dataQuality result: `{rows, columns: [{column, role, …}], summary: {missingCells, …}}`. */
export function isQualityResult(value: unknown): value is DataQualityResult {
  return (
    isRecord(value) &&
    typeof value.rows === "number" &&
    Array.isArray(value.columns) &&
    value.columns.every((column) => isRecord(column) && typeof column.column === "string" && "role" in column) &&
    isRecord(value.summary) &&
    isRecord(value.summary.missingCells)
  );
}

type Summary = DataQualityResult["summary"];
/** The summary's lists of column names. */
type ColumnList = { [K in keyof Summary]-?: Summary[K] extends string[] ? K : never }[keyof Summary];

/** The summary's lists, in the order the report names them, with the words for each. */
const FINDINGS: [key: ColumnList, check: string][] = [
  ["emptyColumns", "empty"],
  ["columnsWithMissing", "missing values"],
  ["constantColumns", "constant"],
  ["duplicateIdColumns", "duplicate ids"],
  ["outOfRangeColumns", "values out of the reference's range"],
  ["unseenCategoryColumns", "categories the reference never had"],
  ["typeMismatchColumns", "types unlike the reference's"],
  ["newColumns", "not in the reference"],
  ["missingColumns", "in the reference only"],
];

export function qualityOutput(result: DataQualityResult): QualityOutput {
  const findings = FINDINGS.flatMap(([key, check]) => {
    const columns = result.summary[key];
    if (!Array.isArray(columns) || columns.length === 0) return [];
    return [
      { check, columns: columns.slice(0, QUALITY_COLUMN_LIMIT).map((name) => truncateString(String(name), 200)) },
    ];
  });
  const output: QualityOutput = {
    kind: "quality",
    rows: result.rows,
    totalColumns: result.columns.length,
    missingCells: result.summary.missingCells,
    findings,
    columns: result.columns.slice(0, QUALITY_COLUMN_LIMIT).map((column) => ({
      column: truncateString(column.column, 200),
      role: String(column.role),
      type: String(column.type),
      missing: column.missing ?? null,
      distinct: column.distinct,
      issues: columnIssues(column),
    })),
  };
  if (result.summary.labelCoverage) output.labelCoverage = result.summary.labelCoverage.share;
  if (Array.isArray(result.unavailable)) output.unavailable = result.unavailable.map(String);
  return output;
}

const percent = (share: number) => `${formatNumber(share * 100)}%`;

/** What the checks found on one column, in words; nothing when all is well. */
function columnIssues(column: ColumnQuality): string[] {
  const issues: string[] = [];
  if (column.missing?.count)
    issues.push(`${formatCount(column.missing.count)} missing (${percent(column.missing.share)})`);
  if (column.labelled) issues.push(`labelled ${percent(column.labelled.share)}`);
  if (column.infinite) issues.push(`${formatCount(column.infinite)} infinite`);
  if (column.constant) issues.push("constant");
  if (column.duplicates) issues.push(`${formatCount(column.duplicates)} duplicate ids`);
  if (column.inReference === false) issues.push("not in the reference");
  const range = column.outOfRange;
  if (range?.count)
    issues.push(
      `${formatCount(range.count)} out of the reference's range [${formatNumber(range.min)}, ${formatNumber(range.max)}] (${percent(range.share)})`,
    );
  const unseen = column.unseen;
  if (unseen?.count) {
    const more = unseen.distinct - unseen.categories.length;
    const names = unseen.categories.map((name) => truncateString(String(name), 100)).join(", ");
    issues.push(
      `${formatCount(unseen.count)} unseen (${percent(unseen.share)}): ${names}${more > 0 ? ` and ${formatCount(more)} more` : ""}`,
    );
  }
  if (column.typeMismatch)
    issues.push(
      `types: ${column.typeMismatch.reference.join("/")} in the reference, ${column.typeMismatch.current.join("/")} now`,
    );
  return issues;
}
