/**
 * How every viewer words an output: the browser's renderers (client/outputs/) and the static
 * report's (server/render/outputs.ts) build different markup — live elements with sorting and
 * an inspector, or plain HTML text — but say the same numbers and sentences, from here. Pure
 * text; the caller escapes or inserts it as text.
 */
import type {
  AlertInstanceOutput,
  AlertOutput,
  CategoryList,
  DriftFeature,
  DriftOutput,
  DriftStatus,
  TableOutput,
} from "./outputs.ts";

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

/** A drift report's table header; the fourth column holds the bars. */
export const DRIFT_COLUMNS = [
  "feature",
  "method",
  "statistic",
  "",
  "p-value",
  "threshold",
  "values (ref / cur)",
  "status",
  "notes",
];

/**
 * A drift report's verdict and, after it, what it counts: " — 20% of 10 features drifted", then
 * the features left out of the share ("; 2 with too few values, 1 skipped") and the tables' rows.
 * With no feature tested there is no verdict, not "no drift".
 */
export function driftVerdict(output: DriftOutput): { verdict: string; share: string } {
  const count = (status: DriftStatus) => output.features.filter((feature) => feature.status === status).length;
  const features = (n: number) => `${formatCount(n)} ${n === 1 ? "feature" : "features"}`;
  const judged =
    output.tested > 0
      ? `${formatNumber(output.share * 100)}% of ${features(output.tested)} drifted`
      : "no feature could be tested";
  const leftOut = [
    count("insufficient") ? `${formatCount(count("insufficient"))} with too few values` : "",
    count("skipped") ? `${formatCount(count("skipped"))} skipped` : "",
  ].filter(Boolean);
  const rows =
    output.referenceRows === undefined || output.currentRows === undefined
      ? ""
      : ` (${formatCount(output.referenceRows)} reference rows, ${formatCount(output.currentRows)} current)`;
  return {
    verdict: output.drift ? "drift detected" : output.tested > 0 ? "no drift" : "no verdict",
    share: ` — ${judged}${leftOut.length ? `; ${leftOut.join(", ")}` : ""}${rows}`,
  };
}

/** A feature's status in a drift report's "status" column. */
export const DRIFT_STATUS_TEXT: Readonly<Record<DriftStatus, string>> = {
  drifted: "drift",
  stable: "ok",
  insufficient: "insufficient",
  skipped: "skipped",
};

/** A feature's "values" cell: the values each table held for its test, "1,500 / 29"; empty when unknown. */
export function driftValuesText(feature: DriftFeature): string {
  if (feature.referenceRows === undefined || feature.currentRows === undefined) return "";
  return `${formatCount(feature.referenceRows)} / ${formatCount(feature.currentRows)}`;
}

/**
 * A feature's "notes" cell: why it was skipped or is insufficient, then the categories only one
 * table has — "new in current: medical (25), crypto (5); not in current: boat (20 in reference)".
 */
export function driftNotes(feature: DriftFeature): string {
  const list = (categories: CategoryList, suffix: string) => {
    const shown = categories.categories.map(({ category, count }) => `${category} (${formatCount(count)}${suffix})`);
    const more = categories.distinct - categories.categories.length;
    return shown.join(", ") + (more > 0 ? ` and ${formatCount(more)} more` : "");
  };
  const notes = [feature.reason ?? ""];
  if (feature.newCategories?.distinct) notes.push(`new in current: ${list(feature.newCategories, "")}`);
  if (feature.missingCategories?.distinct)
    notes.push(`not in current: ${list(feature.missingCategories, " in reference")}`);
  return notes.filter(Boolean).join("; ");
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
