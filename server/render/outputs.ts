/** Cell outputs as HTML strings for the static report: the server-side twin of the browser's client/outputs/. */
import {
  alertText,
  barWidths,
  DRIFT_COLUMNS,
  DRIFT_STATUS_TEXT,
  driftNotes,
  driftValuesText,
  driftVerdict,
  formatNumber,
  cellText,
  placeText,
  QUALITY_COLUMNS,
  findingText,
  qualityCells,
  qualitySummary,
  unavailableText,
  rowCountText,
  type AlertOutput,
  type DriftOutput,
  type ErrorOutput,
  type HtmlOutput,
  type JsonOutput,
  type Output,
  type QualityOutput,
  type SvgOutput,
  type TableColumn,
  type TableOutput,
  type TableValue,
} from "../protocol/index.ts";
import { escapeHtml } from "./escape.ts";

/**
 * Outputs as HTML strings, one function per kind, for the static report and any page the
 * server renders. `svg` and `html` outputs were sanitized when they were serialized and are
 * inserted as they are; every other string from data is escaped here. The words and numbers
 * come from protocol/outputText.ts, as in the browser. Class names are styled by
 * `outputStyles` (styles.ts).
 */
export function renderOutput(output: Output): string {
  switch (output.kind) {
    case "svg":
      return renderSvg(output);
    case "html":
      return renderHtml(output);
    case "table":
      return renderTable(output);
    case "drift":
      return renderDrift(output);
    case "quality":
      return renderQuality(output);
    case "alert":
      return renderAlert(output);
    case "json":
      return renderJson(output);
    case "error":
      return renderError(output);
    default: {
      const unknown: never = output;
      throw new Error(`unknown output kind ${JSON.stringify((unknown as Output).kind)}`);
    }
  }
}

function renderSvg(output: SvgOutput): string {
  return `<div class="output output-svg">${output.svg}</div>`;
}

function renderHtml(output: HtmlOutput): string {
  return `<div class="output output-html">${output.html}</div>`;
}

export function renderTable(output: TableOutput): string {
  const head = output.columns
    .map((column) => `<th title="${escapeHtml(column.type)}">${escapeHtml(column.name)}</th>`)
    .join("");
  const body = output.rows
    .map((row) => `<tr>${row.map((value, index) => tableCell(value, output.columns[index])).join("")}</tr>`)
    .join("\n");
  return (
    `<div class="output output-table"><div class="scroll"><table>\n<thead><tr>${head}</tr></thead>\n<tbody>\n${body}\n</tbody>\n</table></div>` +
    `<p class="note">${escapeHtml(rowCountText(output))}</p></div>`
  );
}

export function renderDrift(output: DriftOutput): string {
  const widths = barWidths(output.features);
  const rows = output.features.map((feature, index) => {
    const bar = `<span class="bar${feature.drift ? " drifted" : ""}" style="width:${widths[index].toFixed(1)}%"></span>`;
    return (
      `<tr class="${feature.status}"><td>${escapeHtml(feature.feature)}</td>` +
      `<td>${escapeHtml(feature.method)}</td><td class="number">${formatNumber(feature.statistic)}</td>` +
      `<td class="bar-cell">${bar}</td><td class="number">${formatNumber(feature.pValue)}</td>` +
      `<td class="number">${formatNumber(feature.threshold)}</td><td class="number">${driftValuesText(feature)}</td>` +
      `<td>${DRIFT_STATUS_TEXT[feature.status]}</td><td class="notes">${escapeHtml(driftNotes(feature))}</td></tr>`
    );
  });
  const { verdict, share } = driftVerdict(output);
  const shown = output.drift ? `<strong class="drifted">${verdict}</strong>` : verdict;
  const summary = `<p>${escapeHtml(output.method)}: ${shown}${escapeHtml(share)}</p>`;
  const head = `<tr>${DRIFT_COLUMNS.map((name) => `<th>${name}</th>`).join("")}</tr>`;
  return `<div class="output output-drift">${summary}<table>\n<thead>${head}</thead>\n<tbody>\n${rows.join("\n")}\n</tbody>\n</table></div>`;
}

/** A dataQuality report, worded by qualityText.ts as in the browser. */
export function renderQuality(output: QualityOutput): string {
  const { text, flagged } = qualitySummary(output);
  const findings = output.findings.length
    ? `<ul>\n${output.findings.map((finding) => `<li>${escapeHtml(findingText(finding))}</li>`).join("\n")}\n</ul>`
    : "";
  const unavailable = unavailableText(output);
  const note = unavailable ? `<p class="note">${escapeHtml(unavailable)}</p>` : "";
  const head = `<tr>${QUALITY_COLUMNS.map((name) => `<th>${name}</th>`).join("")}</tr>`;
  const rows = output.columns.map(
    (column) =>
      `<tr${column.issues.length ? ` class="flagged"` : ""}>${qualityCells(column)
        .map((cell, index) => `<td class="${QUALITY_COLUMNS[index]}">${escapeHtml(cell)}</td>`)
        .join("")}</tr>`,
  );
  return (
    `<div class="output output-quality${flagged ? " has-findings" : ""}"><p>${escapeHtml(text)}</p>${findings}${note}` +
    `<div class="scroll"><table>\n<thead>${head}</thead>\n<tbody>\n${rows.join("\n")}\n</tbody>\n</table></div></div>`
  );
}

/** An alert rule's evaluation on this run, worded by `alertText`: a status line, and a line per instance of an `each` rule. */
export function renderAlert(output: AlertOutput): string {
  const { state, preview, status, items } = alertText(output);
  const list = items
    ? `<ul>\n${items.map((item) => `<li class="alert-${item.state}">${escapeHtml(item.text)}</li>`).join("\n")}\n</ul>`
    : "";
  return `<div class="output output-alert alert-${state}${preview ? " alert-preview" : ""}">alert <strong>${escapeHtml(output.name)}</strong>: ${escapeHtml(status)}${list}</div>`;
}

export function renderJson(output: JsonOutput): string {
  const note = output.truncated ? `<p class="note">truncated: ${escapeHtml(output.truncated)}</p>` : "";
  return `<div class="output output-json"><pre>${escapeHtml(JSON.stringify(output.value, null, 2) ?? "undefined")}</pre>${note}</div>`;
}

export function renderError(output: ErrorOutput): string {
  const place = placeText(output);
  return `<div class="output output-error"><strong>Error${place ? ` at ${place}` : ""}</strong><pre>${escapeHtml(output.message)}</pre></div>`;
}

/** A table cell as the browser words it (valueText.ts); a report has no viewer's zone, so instants read in UTC. */
function tableCell(value: TableValue, column: TableColumn | undefined): string {
  if (value === null) return `<td class="null"></td>`;
  const { kind, text, full } = cellText(value, column, "UTC");
  const title = full === undefined ? "" : ` title="${escapeHtml(full)}"`;
  return `<td${kind === "text" ? "" : ` class="${kind}"`}${title}>${escapeHtml(text)}</td>`;
}
