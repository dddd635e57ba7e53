/**
 * How every viewer words an output: the browser's renderers (client/outputs/) and the static
 * report's (server/render/outputs.ts) build different markup — live elements with sorting and
 * an inspector, or plain HTML text — but say the same numbers and sentences, from here. Pure
 * text; the caller escapes or inserts it as text.
 */
import type { CellPosition } from "./cells.ts";
import type { AlertInstanceOutput, AlertOutput, DriftFeature, DriftOutput, TableOutput } from "./outputs.ts";

/** Up to four significant digits; tiny values in exponent form; missing as a dash. */
export function formatNumber(value: number | null): string {
  if (value === null) return "—";
  if (value !== 0 && Math.abs(value) < 1e-4) return value.toExponential(2);
  return String(Number(value.toPrecision(4)));
}

/** A count with thousands separators: 12,345. */
export function formatCount(count: number): string {
  return count.toLocaleString("en-US");
}

/** A value on one line, cut to 200 characters. */
export function compactJson(value: unknown): string {
  const text = JSON.stringify(value) ?? String(value);
  return text.length > 200 ? `${text.slice(0, 200)}…` : text;
}

/** Under a table: "showing 1,000 of 12,345 rows", or "12 rows" when all are shown. */
export function rowCountText(output: TableOutput): string {
  const shown = output.rows.length;
  const total = `${formatCount(output.totalRows)} ${output.totalRows === 1 ? "row" : "rows"}`;
  return shown < output.totalRows ? `showing ${formatCount(shown)} of ${total}` : total;
}

/**
 * Where an error is, as viewers say it: "line 2:5" within its cell, numbered as the cell's editor
 * gutter numbers it; "line 12 of the file" when only the file's line is known (a named cell's
 * fence, a run recorded before cells had lines); "" when neither is.
 */
export function placeText(place: CellPosition & { line?: number }): string {
  if (place.cellLine !== undefined)
    return `line ${place.cellLine}${place.cellColumn === undefined ? "" : `:${place.cellColumn}`}`;
  return place.line === undefined ? "" : `line ${place.line} of the file`;
}

/** A drift report's table header; the fourth column holds the bars. */
export const DRIFT_COLUMNS = ["feature", "method", "statistic", "", "p-value", "threshold", "drifted"];

/** A drift report's verdict and, after it, " — 20% of 10 features drifted". */
export function driftVerdict(output: DriftOutput): { verdict: string; share: string } {
  return {
    verdict: output.drift ? "drift detected" : "no drift",
    share: ` — ${formatNumber(output.share * 100)}% of ${output.features.length} features drifted`,
  };
}

/** Each feature's bar width in percent of the largest |statistic| in the report. */
export function barWidths(features: DriftFeature[]): number[] {
  const largest = Math.max(0, ...features.map((feature) => Math.abs(feature.statistic ?? 0)));
  return features.map((feature) => (largest > 0 ? (100 * Math.abs(feature.statistic ?? 0)) / largest : 0));
}

export type AlertShown = "firing" | "ok" | "unknown";

/**
 * An alert rule's evaluation in words: a plain rule as one status (firing or ok, with the value
 * of `when`), an `each` rule as the count of its instances firing and one line per instance.
 */
export function alertText(output: AlertOutput): {
  state: AlertShown;
  status: string;
  items?: { state: AlertShown; text: string }[];
} {
  const severity = output.severity ? ` (${output.severity})` : "";
  if (!output.instances.some((instance) => instance.key !== undefined)) {
    const [instance] = output.instances;
    const state = instance ? stateOf(instance) : "unknown";
    return { state, status: `${state}${severity}${instance ? valueText(instance.value) : ""}` };
  }
  const firing = output.instances.filter((instance) => instance.condition).length;
  return {
    state: firing ? "firing" : "ok",
    status: `${firing} of ${output.instances.length} instances firing${severity}`,
    items: output.instances.map((instance) => ({
      state: stateOf(instance),
      text: `${instance.key ?? ""}: ${stateOf(instance)}${valueText(instance.value)}`,
    })),
  };
}

function stateOf(instance: AlertInstanceOutput): "firing" | "ok" {
  return instance.condition ? "firing" : "ok";
}

function valueText(value: unknown): string {
  return value === null || value === undefined ? "" : ` · value ${compactJson(value)}`;
}
