/**
 * `driftbook replay --html`: a replay as one static HTML page (inline CSS, no script, like the
 * run report of render/report.ts, whose styles it reuses): per alert instance, its summary, its
 * timeline and its episodes; the budget verdicts and the comparison when there are; then each
 * metric's series.
 */
import { escapeHtml } from "../render/escape.ts";
import { reportStyles } from "../render/styles.ts";
import type { BudgetVerdict } from "./budget.ts";
import type { RuleComparison } from "./compare.ts";
import { episodeText, formatAt, summaryText } from "./format.ts";
import { metricTimelines, ruleTimeline } from "./timeline.ts";
import type { ReplayResult } from "./types.ts";

export interface ReplayReportInput {
  title: string;
  result: ReplayResult;
  budgets?: BudgetVerdict[];
  comparison?: RuleComparison[];
}

const replayStyles = `
table.episodes { border-collapse: collapse; font-size: 0.85rem; margin: 0.5rem 0; }
table.episodes th, table.episodes td { border-bottom: 1px solid #e5e7eb; padding: 0.2rem 0.75rem 0.2rem 0; text-align: left; }
.over-budget { color: #b91c1c; font-weight: 600; }
section.rule svg { max-width: 100%; height: auto; }
`;

export function renderReplayReport({ title, result, budgets = [], comparison = [] }: ReplayReportInput): string {
  const first = result.steps[0]?.at ?? "";
  const last = result.steps[result.steps.length - 1]?.at ?? "";
  const metrics = Object.entries(metricTimelines(result));
  return [
    "<!doctype html>",
    `<html lang="en">\n<head>\n<meta charset="utf-8">`,
    `<meta name="viewport" content="width=device-width, initial-scale=1">`,
    `<title>${escapeHtml(`Replay: ${title}`)}</title>`,
    `<style>${reportStyles}${replayStyles}</style>\n</head>\n<body>`,
    `<header class="report"><strong>${escapeHtml(title)}</strong> · replay of ${escapeHtml(result.workbook)}: ` +
      `${result.steps.length} steps, ${escapeHtml(formatAt(first))} to ${escapeHtml(formatAt(last))} UTC</header>`,
    ...budgets.map(
      (verdict) => `<p class="${verdict.over ? "over-budget" : "within-budget"}">${escapeHtml(verdict.message)}</p>`,
    ),
    ...Object.keys(result.rules).map((key) =>
      renderRule(
        result,
        key,
        comparison.find((rule) => rule.key === key),
      ),
    ),
    ...(metrics.length ? ["<h2>Metrics</h2>"] : []),
    ...metrics.map(([name, svg]) => `<section class="rule"><h3>${escapeHtml(name)}</h3>\n${svg}</section>`),
    "</body>\n</html>\n",
  ].join("\n");
}

function renderRule(result: ReplayResult, key: string, comparison: RuleComparison | undefined): string {
  const rule = result.rules[key];
  const rows = rule.episodes.map((episode) => {
    const text = episodeText(episode);
    return `<tr><td>${escapeHtml(text.start)}</td><td>${escapeHtml(text.end)}</td><td>${escapeHtml(text.duration)}</td><td>${escapeHtml(text.peak)}</td></tr>`;
  });
  return [
    `<section class="rule">`,
    `<h2>${escapeHtml(key)}</h2>`,
    `<p>${escapeHtml(summaryText(rule))}${comparison ? `; after the edit it ${escapeHtml(comparison.sentence)}` : ""}</p>`,
    ruleTimeline(result, key),
    rows.length
      ? `<table class="episodes"><thead><tr><th>fired</th><th>resolved</th><th>duration</th><th>peak</th></tr></thead><tbody>${rows.join("")}</tbody></table>`
      : "",
    "</section>",
  ].join("\n");
}
