/**
 * A workbook's recorded metric points as a file other tools read (issue 23: exports for teams who
 * keep their model history elsewhere): JSON, or CSV with one row per point — `at` (ISO 8601,
 * UTC), `run`, `name`, `value`, then one `label.<key>` column per label key, so pandas'
 * `read_csv` or a spreadsheet gets a flat table and a label can never shadow a fixed column.
 */
import type { StoredMetricPoint } from "../runs/store.ts";
import { delimitedRecord } from "./delimited.ts";

export type MetricFormat = "csv" | "json";

export const METRIC_FORMATS: readonly MetricFormat[] = ["csv", "json"];

/** The JSON export: points oldest first, times as epoch ms like the rest of the API. */
export interface MetricExport {
  workbook: string;
  /** Epoch ms: the points start here (0 for all of them). */
  since: number;
  points: StoredMetricPoint[];
}

const FIXED_COLUMNS = ["at", "run", "name", "value"] as const;

export function metricCsv(points: StoredMetricPoint[]): string {
  const labelKeys = [...new Set(points.flatMap((point) => Object.keys(point.labels)))].sort();
  const header = [...FIXED_COLUMNS, ...labelKeys.map((key) => `label.${key}`)];
  const rows = points.map((point) => [
    new Date(point.at).toISOString(),
    point.run,
    point.name,
    point.value,
    ...labelKeys.map((key) => point.labels[key] ?? ""),
  ]);
  return [header, ...rows].map((fields) => delimitedRecord(fields, "csv")).join("");
}
