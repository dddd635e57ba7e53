/**
 * How every viewer words an output: the browser's renderers (client/outputs/) and the static
 * report's (server/render/outputs.ts) build different markup — live elements with sorting and
 * an inspector, or plain HTML text — but say the same numbers and sentences, from here. Pure
 * text; the caller escapes or inserts it as text.
 */
import type { AlertState } from "./alerts.ts";
import type { CellPosition } from "./cells.ts";
import type {
  AlertInstanceOutput,
  AlertOutput,
  AlertStanding,
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

/** "1 row", "12,345 rows". */
export function rowsText(count: number): string {
  return `${formatCount(count)} ${count === 1 ? "row" : "rows"}`;
}

/** Under a table: "showing 1,000 of 12,345 rows", or "12 rows" when all are shown. */
export function rowCountText(output: TableOutput): string {
  const shown = output.rows.length;
  const total = rowsText(output.totalRows);
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

/** An alert output's class: its instance's state, or without a known state whether `when` held. */
export type AlertShown = AlertState | "holds" | "ok" | "unknown";

/** States in the order a rule with many instances shows the worst of. */
const SHOWN_ORDER: AlertShown[] = [
  "firing",
  "pending",
  "holds",
  "error",
  "nodata",
  "resolved",
  "normal",
  "ok",
  "unknown",
];

/** The worst of some rules' states (firing first), or undefined for none: a workbook's alert state in the list. */
export function worstAlertState(states: AlertState[]): AlertState | undefined {
  return SHOWN_ORDER.find((state): state is AlertState => (states as AlertShown[]).includes(state));
}

/**
 * An alert rule's output in words. With the state the server added (`standing`): "firing since
 * …", "pending 1/2 · would fire after 1 more run", and for a preview "preview: " before it and
 * the stored state after it when it differs, so a preview never reads as a bare "firing". Without
 * it, only whether `when` held ("condition holds", "ok"). The rendered `message` follows.
 */
export function alertText(output: AlertOutput): {
  state: AlertShown;
  /** The states are a preview's: what the rule would do, not what it did. */
  preview: boolean;
  status: string;
  items?: { state: AlertShown; text: string }[];
} {
  const severity = output.severity ? ` (${output.severity})` : "";
  const preview = output.instances.some((instance) => instance.standing?.preview === true);
  const label = preview ? "preview: " : "";
  if (!output.instances.some((instance) => instance.key !== undefined)) {
    const [instance] = output.instances;
    if (!instance) return { state: "unknown", preview, status: "unknown" };
    return { state: shownOf(instance), preview, status: `${label}${instanceText(instance, severity)}` };
  }
  const shown = output.instances.map(shownOf);
  const counts = SHOWN_ORDER.filter((state) => shown.includes(state)).map(
    (state) =>
      `${shown.filter((each) => each === state).length} ${state === "holds" ? "holding the condition" : state}`,
  );
  return {
    state: SHOWN_ORDER.find((state) => shown.includes(state)) ?? "unknown",
    preview,
    status: `${label}${output.instances.length} instances: ${counts.join(", ")}${severity}`,
    items: output.instances.map((instance, index) => ({
      state: shown[index],
      text: `${instance.key ?? ""}: ${instanceText(instance, "")}`,
    })),
  };
}

/** A time as people read it in a report and a page alike: `2026-11-26 09:00 UTC`. */
export function formatTime(ms: number): string {
  return `${new Date(ms).toISOString().slice(0, 16).replace("T", " ")} UTC`;
}

function shownOf(instance: AlertInstanceOutput): AlertShown {
  if (instance.standing) return instance.standing.state;
  return instance.condition ? "holds" : "ok";
}

function instanceText(instance: AlertInstanceOutput, severity: string): string {
  const { standing } = instance;
  const message = standing?.message === undefined ? "" : ` — ${standing.message}`;
  return `${standing ? standingText(standing) : instance.condition ? "condition holds" : "ok"}${severity}${valueText(instance.value)}${message}`;
}

/** The state in words; in a preview, what the stored state is when this one differs from it. */
function standingText(standing: AlertStanding): string {
  const { preview, state, stored } = standing;
  const changed = stored !== undefined && (stored.state !== state || stored.pendingCount !== standing.pendingCount);
  const words =
    state === "firing" && preview && stored?.state !== "firing"
      ? "would fire"
      : state === "resolved" && preview && stored?.state === "firing"
        ? "would resolve"
        : stateWords(standing);
  if (!changed) return words;
  const count =
    stored.state === "pending" && "runs" in standing.hold ? ` ${stored.pendingCount}/${standing.hold.runs}` : "";
  return `${words} · stored: ${stored.state === "nodata" ? "no data" : stored.state}${count}`;
}

function stateWords({ state, since, activeSince, pendingCount, hold }: Omit<AlertStanding, "preview">): string {
  switch (state) {
    case "firing":
      return `firing since ${formatTime(activeSince ?? since)}`;
    case "pending": {
      if ("ms" in hold) return `pending since ${formatTime(since)} · would fire from ${formatTime(since + hold.ms)}`;
      const left = hold.runs - pendingCount;
      return `pending ${pendingCount}/${hold.runs} · would fire after ${left} more run${left === 1 ? "" : "s"}`;
    }
    case "nodata":
      return "no data";
    case "normal":
    case "resolved":
    case "error":
      return state;
    default: {
      const unknown: never = state;
      throw new Error(`unknown alert state ${JSON.stringify(unknown)}`);
    }
  }
}

function valueText(value: unknown): string {
  return value === null || value === undefined ? "" : ` · value ${compactJson(value)}`;
}
