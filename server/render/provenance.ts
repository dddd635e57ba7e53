/**
 * A report's provenance as HTML, under its title: when it was made, from which workbook, file
 * and commit, with which params, on what trigger, over which data, by which Driftbook — so a
 * stored or mailed report can say what it shows. Every value is escaped: params and SQL come
 * from people, and timestamps from data.
 */
import type { DataWindow, Provenance, ReportTrigger, WorkbookGitStatus } from "../protocol/index.ts";
import { formatCount } from "../protocol/index.ts";
import { escapeHtml } from "./escape.ts";

export function renderProvenance(provenance: Provenance, dataWindows: DataWindow[]): string {
  const rows: Array<[string, string]> = [
    ["Generated", time(provenance.generatedAt)],
    ["Workbook", `<code>${escapeHtml(provenance.workbook)}</code>`],
    ["Version", escapeHtml(gitText(provenance))],
    ["Params", escapeHtml(paramsText(provenance.params))],
    ["Trigger", escapeHtml(triggerText(provenance.trigger) + productionText(provenance.production))],
    ...(provenance.asOf === undefined ? [] : [["As of", asOfText(provenance.asOf)] as [string, string]]),
    ["Data", dataText(dataWindows)],
    ["Driftbook", escapeHtml(provenance.driftbookVersion)],
  ];
  const items = rows.map(([term, value]) => `<dt>${term}</dt><dd>${value}</dd>`);
  return `<dl class="provenance">${items.join("")}</dl>`;
}

/** "commit 3f2a9c1, with uncommitted changes", or why there is no commit. */
function gitText({ gitCommit, gitStatus }: Provenance): string {
  if (gitStatus === undefined && gitCommit === undefined) return "not in a git repository";
  if (gitCommit === undefined) return "never committed";
  return `commit ${gitCommit.slice(0, 12)}${gitStatus === undefined ? "" : `, ${statusText(gitStatus)}`}`;
}

function statusText(status: WorkbookGitStatus): string {
  switch (status) {
    case "clean":
      return "as committed";
    case "modified":
      return "with changes not committed";
    case "added":
      return "with changes staged, not committed";
    case "untracked":
      return "untracked";
    case "deleted":
      return "deleted since";
    default: {
      const unknown: never = status;
      return unknown;
    }
  }
}

function paramsText(params: Record<string, unknown>): string {
  const entries = Object.entries(params);
  if (entries.length === 0) return "none";
  return entries.map(([key, value]) => `${key} = ${JSON.stringify(value)}`).join(", ");
}

/** An as-of run's moment: the data it read is the data as it was then. */
function asOfText(asOf: number): string {
  return `${time(asOf)}: the data as it was then (rows and labels that had arrived, the reference set in force)`;
}

/** What a recorded run did with its alert rules; nothing for a preview, which is not a run. */
function productionText(production: boolean | undefined): string {
  if (production === undefined) return "";
  return production
    ? " · production run"
    : " · what-if run: alert rules previewed from the stored state, nothing moved or notified";
}

function triggerText(trigger: ReportTrigger): string {
  switch (trigger) {
    case "schedule":
      return "scheduled run";
    case "cli":
      return "driftbook run";
    case "manual":
      return "run now";
    case "data":
      return "new data";
    case "preview":
      return "preview: shown on request, not a recorded run";
    default: {
      const unknown: never = trigger;
      return unknown;
    }
  }
}

/** One line per query: its cell, its SQL, its rows and the span of its `ts` column. */
function dataText(windows: DataWindow[]): string {
  if (windows.length === 0) return "no sql queries";
  const items = windows.map((window) => {
    const span = window.from === undefined ? "no ts column" : `ts ${time(window.from)} to ${time(window.to!)}`;
    const rows = `${formatCount(window.rows)} ${window.rows === 1 ? "row" : "rows"}`;
    return `<li>cell ${window.cellIndex + 1}: <code>${escapeHtml(window.sql)}</code> · ${rows} · ${span}</li>`;
  });
  return `<ul>${items.join("")}</ul>`;
}

/** Epoch ms as "2026-11-26 09:00:00 UTC" in a <time> element, or the raw number when it is no date. */
function time(ms: number): string {
  const date = new Date(ms);
  if (Number.isNaN(date.getTime())) return escapeHtml(String(ms));
  const iso = date.toISOString();
  return `<time datetime="${iso}">${iso.slice(0, 19).replace("T", " ")} UTC</time>`;
}
