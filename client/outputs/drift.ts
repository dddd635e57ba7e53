import type { DriftFeature, DriftOutput } from "../../server/protocol/index.ts";
import { el } from "../dom.ts";
import { formatNumber } from "./format.ts";

const COLUMNS = ["feature", "method", "statistic", "", "p-value", "threshold", "drifted"];

/**
 * A drift report: the verdict, then one row per feature with its test, statistic (and a bar
 * scaled to the largest statistic), p-value, threshold and decision. Drifted rows are marked.
 */
export function renderDrift(output: DriftOutput): HTMLElement {
  const largest = Math.max(0, ...output.features.map((feature) => Math.abs(feature.statistic ?? 0)));
  const verdict = output.drift ? el("strong", { class: "drifted", text: "drift detected" }) : "no drift";
  const summary = el("p", {}, `${output.method}: `, verdict, ` — ${formatNumber(output.share * 100)}% of ${output.features.length} features drifted`);
  const head = el("tr", {}, ...COLUMNS.map((name) => el("th", { text: name, attrs: { scope: "col" } })));
  const rows = output.features.map((feature) => featureRow(feature, largest));
  return el("div", { class: "output output-drift" }, summary, el("div", { class: "scroll" }, el("table", {}, el("thead", {}, head), el("tbody", {}, ...rows))));
}

function featureRow(feature: DriftFeature, largest: number): HTMLTableRowElement {
  const width = largest > 0 ? (100 * Math.abs(feature.statistic ?? 0)) / largest : 0;
  const bar = el("span", { class: feature.drift ? "bar drifted" : "bar" });
  bar.style.width = `${width.toFixed(1)}%`;
  return el(
    "tr",
    { class: feature.drift ? "drifted" : "" },
    el("td", { text: feature.feature }),
    el("td", { text: feature.method }),
    el("td", { class: "number", text: formatNumber(feature.statistic) }),
    el("td", { class: "bar-cell" }, bar),
    el("td", { class: "number", text: formatNumber(feature.pValue) }),
    el("td", { class: "number", text: formatNumber(feature.threshold) }),
    el("td", { text: feature.drift ? "drift" : "ok" }),
  );
}
