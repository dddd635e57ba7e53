import type {
  AlertOutput,
  DriftOutput,
  ErrorOutput,
  HtmlOutput,
  JsonOutput,
  Output,
  SvgOutput,
  TableOutput,
  TableValue,
} from "../protocol/index.ts";
import { escapeHtml } from "./escape.ts";

/**
 * Outputs as HTML strings, one function per kind, for the static report and any page the
 * server renders. `svg` and `html` outputs were sanitized when they were serialized and are
 * inserted as they are; every other string from data is escaped here. Class names are styled
 * by `outputStyles` (styles.ts).
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

export function renderSvg(output: SvgOutput): string {
  return `<div class="output output-svg">${output.svg}</div>`;
}

export function renderHtml(output: HtmlOutput): string {
  return `<div class="output output-html">${output.html}</div>`;
}

export function renderTable(output: TableOutput): string {
  const head = output.columns
    .map((column) => `<th title="${escapeHtml(column.type)}">${escapeHtml(column.name)}</th>`)
    .join("");
  const body = output.rows.map((row) => `<tr>${row.map(tableCell).join("")}</tr>`).join("\n");
  const count =
    output.rows.length < output.totalRows
      ? `showing ${formatCount(output.rows.length)} of ${formatCount(output.totalRows)} rows`
      : `${formatCount(output.totalRows)} rows`;
  return (
    `<div class="output output-table"><div class="scroll"><table>\n<thead><tr>${head}</tr></thead>\n<tbody>\n${body}\n</tbody>\n</table></div>` +
    `<p class="note">${count}</p></div>`
  );
}

export function renderDrift(output: DriftOutput): string {
  const largest = Math.max(0, ...output.features.map((feature) => Math.abs(feature.statistic ?? 0)));
  const rows = output.features.map((feature) => {
    const width = largest > 0 ? (100 * Math.abs(feature.statistic ?? 0)) / largest : 0;
    const bar = `<span class="bar${feature.drift ? " drifted" : ""}" style="width:${width.toFixed(1)}%"></span>`;
    return (
      `<tr class="${feature.drift ? "drifted" : ""}"><td>${escapeHtml(feature.feature)}</td>` +
      `<td>${escapeHtml(feature.method)}</td><td class="number">${formatNumber(feature.statistic)}</td>` +
      `<td class="bar-cell">${bar}</td><td class="number">${formatNumber(feature.pValue)}</td>` +
      `<td class="number">${formatNumber(feature.threshold)}</td><td>${feature.drift ? "drift" : "ok"}</td></tr>`
    );
  });
  const verdict = output.drift ? `<strong class="drifted">drift detected</strong>` : "no drift";
  const summary =
    `<p>${escapeHtml(output.method)}: ${verdict} — ${formatNumber(output.share * 100)}% of ` +
    `${output.features.length} features drifted</p>`;
  const head = "<tr><th>feature</th><th>method</th><th>statistic</th><th></th><th>p-value</th><th>threshold</th><th>drift</th></tr>";
  return `<div class="output output-drift">${summary}<table>\n<thead>${head}</thead>\n<tbody>\n${rows.join("\n")}\n</tbody>\n</table></div>`;
}

/**
 * An alert's evaluation on this run: a plain rule as one status line, an `each` rule as a
 * count of its instances whose condition holds and one line per instance.
 */
export function renderAlert(output: AlertOutput): string {
  const severity = output.severity ? ` (${escapeHtml(output.severity)})` : "";
  const title = `alert <strong>${escapeHtml(output.name)}</strong>`;
  const keyed = output.instances.some((instance) => instance.key !== undefined);
  if (!keyed) {
    const [instance] = output.instances;
    const state = !instance ? "unknown" : instance.condition ? "firing" : "ok";
    return `<div class="output output-alert alert-${state}">${title}: ${state}${severity}${instance ? valueText(instance.value) : ""}</div>`;
  }
  const firing = output.instances.filter((instance) => instance.condition).length;
  const items = output.instances.map((instance) => {
    const state = instance.condition ? "firing" : "ok";
    return `<li class="alert-${state}">${escapeHtml(instance.key ?? "")}: ${state}${valueText(instance.value)}</li>`;
  });
  const summary = `${firing} of ${output.instances.length} instances firing`;
  return `<div class="output output-alert alert-${firing ? "firing" : "ok"}">${title}: ${summary}${severity}<ul>\n${items.join("\n")}\n</ul></div>`;
}

function valueText(value: unknown): string {
  return value === null || value === undefined ? "" : ` · value ${escapeHtml(compactJson(value))}`;
}

export function renderJson(output: JsonOutput): string {
  const note = output.truncated ? `<p class="note">truncated: ${escapeHtml(output.truncated)}</p>` : "";
  return `<div class="output output-json"><pre>${escapeHtml(JSON.stringify(output.value, null, 2) ?? "undefined")}</pre>${note}</div>`;
}

export function renderError(output: ErrorOutput): string {
  const place = output.line === undefined ? "" : ` at line ${output.line}${output.column === undefined ? "" : `:${output.column}`}`;
  return `<div class="output output-error"><strong>Error${place}</strong><pre>${escapeHtml(output.message)}</pre></div>`;
}

function tableCell(value: TableValue): string {
  if (value === null) return `<td class="null"></td>`;
  const numeric = typeof value === "number" ? ` class="number"` : "";
  return `<td${numeric}>${escapeHtml(String(value))}</td>`;
}

/** Up to four significant digits; tiny values in exponent form; missing as a dash. */
function formatNumber(value: number | null): string {
  if (value === null) return "—";
  if (value !== 0 && Math.abs(value) < 1e-4) return value.toExponential(2);
  return String(Number(value.toPrecision(4)));
}

function formatCount(count: number): string {
  return count.toLocaleString("en-US");
}

/** A value on one line, cut to 200 characters. */
function compactJson(value: unknown): string {
  const text = JSON.stringify(value) ?? String(value);
  return text.length > 200 ? `${text.slice(0, 200)}…` : text;
}
