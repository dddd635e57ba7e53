/** Renders a `quality` output (a dataQuality report): its summary, findings and a line per column, worded by the protocol's qualityText. */
import {
  QUALITY_COLUMNS,
  findingText,
  qualityCells,
  qualitySummary,
  unavailableText,
  type QualityOutput,
} from "../../server/protocol/index.ts";
import { el } from "../dom.ts";

/** The report: a summary line, the findings (empty columns, constant ones, unseen categories…), then each column; flagged rows stand out. */
export function renderQuality(output: QualityOutput): HTMLElement {
  const { text, flagged } = qualitySummary(output);
  const head = el("tr", {}, ...QUALITY_COLUMNS.map((name) => el("th", { text: name, attrs: { scope: "col" } })));
  const rows = output.columns.map((column) =>
    el(
      "tr",
      { class: column.issues.length > 0 ? "flagged" : "" },
      ...qualityCells(column).map((cell, index) => el("td", { class: QUALITY_COLUMNS[index], text: cell })),
    ),
  );
  const box = el("div", { class: `output output-quality${flagged ? " has-findings" : ""}` }, el("p", { text }));
  if (output.findings.length > 0)
    box.append(el("ul", {}, ...output.findings.map((finding) => el("li", { text: findingText(finding) }))));
  const unavailable = unavailableText(output);
  if (unavailable) box.append(el("p", { class: "note", text: unavailable }));
  box.append(el("div", { class: "scroll" }, el("table", {}, el("thead", {}, head), el("tbody", {}, ...rows))));
  return box;
}
