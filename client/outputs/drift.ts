/** Renders a `drift` output as a verdict and a per-feature table, with the wording and bar widths from the protocol. */
import {
  barWidths,
  DRIFT_COLUMNS,
  DRIFT_STATUS_TEXT,
  driftNotes,
  driftValuesText,
  driftVerdict,
  formatNumber,
  type DriftFeature,
  type DriftOutput,
} from "../../server/protocol/index.ts";
import { el } from "../dom.ts";

/**
 * A drift report: the verdict, then one row per feature with its test, statistic (and a bar
 * scaled to the largest statistic), p-value, threshold, the values each table held, its status
 * (drift, ok, insufficient, skipped) and notes (why it was not tested, new and missing categories).
 * Each row's class is its status, so drifted rows stand out and untested ones fade.
 */
export function renderDrift(output: DriftOutput): HTMLElement {
  const { verdict, share } = driftVerdict(output);
  const summary = el(
    "p",
    {},
    `${output.method}: `,
    output.drift ? el("strong", { class: "drifted", text: verdict }) : verdict,
    share,
  );
  const head = el("tr", {}, ...DRIFT_COLUMNS.map((name) => el("th", { text: name, attrs: { scope: "col" } })));
  const widths = barWidths(output.features);
  const rows = output.features.map((feature, index) => featureRow(feature, widths[index]));
  return el(
    "div",
    { class: "output output-drift" },
    summary,
    el("div", { class: "scroll" }, el("table", {}, el("thead", {}, head), el("tbody", {}, ...rows))),
  );
}

function featureRow(feature: DriftFeature, width: number): HTMLTableRowElement {
  const bar = el("span", { class: feature.drift ? "bar drifted" : "bar" });
  bar.style.width = `${width.toFixed(1)}%`;
  return el(
    "tr",
    { class: feature.status },
    el("td", { text: feature.feature }),
    el("td", { text: feature.method }),
    el("td", { class: "number", text: formatNumber(feature.statistic) }),
    el("td", { class: "bar-cell" }, bar),
    el("td", { class: "number", text: formatNumber(feature.pValue) }),
    el("td", { class: "number", text: formatNumber(feature.threshold) }),
    el("td", { class: "number", text: driftValuesText(feature) }),
    el("td", { text: DRIFT_STATUS_TEXT[feature.status] }),
    el("td", { class: "notes", text: driftNotes(feature) }),
  );
}
