/**
 * Metric series across runs: `metric(name, value, {labels})` records a point (the runtime host
 * hands it to whoever records the run: scheduled, CLI, run-now and data-caused runs store it,
 * edits do not), and `metrics(name, {since, labels})` reads the workbook's stored history as an
 * Arquero table (`time`, `value`, `run`, one column per label), to plot a quantity over weeks.
 * Both follow the run's clock: in an as-of run a point is recorded at T (replay collects it; the
 * run records nothing) and `metrics()` reads the points recorded by T (store/asOf.ts).
 */
import * as aq from "arquero";
import type { ColumnTable } from "arquero";
import type { MetricPoint } from "../messages.ts";
import type { ReadonlyDatabase } from "../../store/readonly.ts";
import { since as startOf, type Clock } from "./since.ts";

export interface MetricOptions {
  labels?: Record<string, string | number | boolean>;
}

export interface MetricsOptions {
  /** Only points newer than this duration (`30d`) or epoch ms. */
  since?: string | number;
  /** Only points with these label values. */
  labels?: Record<string, string | number | boolean>;
}

const NAME = /^[a-zA-Z_][a-zA-Z0-9_]*$/;

export function metricLibrary(
  record: (point: MetricPoint) => void,
  db: ReadonlyDatabase | undefined,
  workbook: string | undefined,
  clock: Clock,
) {
  function metric(name: string, value: number, options: MetricOptions = {}): number {
    if (typeof name !== "string" || !NAME.test(name))
      throw new Error(`metric name ${JSON.stringify(name)} must be letters, digits and _, like "drift_share"`);
    if (typeof value !== "number" || !Number.isFinite(value))
      throw new Error(`metric "${name}" needs a finite number, got ${String(value)}`);
    record({ name, value, labels: labelsOf(options.labels), at: clock() });
    return value;
  }

  function metrics(name: string, options: MetricsOptions = {}): ColumnTable {
    if (!db) throw new Error("no database: start the server or run the workbook with --db PATH");
    if (!workbook) throw new Error("metrics() needs the workbook's path; this run has none");
    const from =
      options.since === undefined
        ? 0
        : typeof options.since === "number"
          ? options.since
          : startOf(options.since, clock());
    const rows = db.query(
      "select at, value, run_id as run, labels from driftbook_metric_points where workbook = ? and name = ? and at >= ? order by at, id",
      [workbook, name, from],
    );
    const wanted = Object.entries(labelsOf(options.labels));
    const points = rows.objects().map((row) => ({
      ...(row as { at: number; value: number; run: number }),
      labels: JSON.parse((row as { labels: string }).labels) as Record<string, string>,
    }));
    const matching = points.filter((point) => wanted.every(([key, value]) => point.labels[key] === value));
    const labelNames = [...new Set(matching.flatMap((point) => Object.keys(point.labels)))].sort();
    return aq.table({
      time: matching.map((point) => new Date(point.at)),
      value: matching.map((point) => point.value),
      run: matching.map((point) => point.run),
      ...Object.fromEntries(labelNames.map((label) => [label, matching.map((point) => point.labels[label] ?? null)])),
    });
  }

  return { metric, metrics };
}

/** Labels as stored: text values, so `{feature: "income"}` and a filter on it always compare equal. */
function labelsOf(labels: MetricOptions["labels"] = {}): Record<string, string> {
  return Object.fromEntries(Object.entries(labels).map(([key, value]) => [key, String(value)]));
}
