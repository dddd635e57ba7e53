/**
 * The frame around a notebook's blocks: the page bar (back to the list, title, path, Move…, the
 * save and connection states, the report link) and the collapsible panels, one per topic the
 * server sends news of (alerts, runs, shares, git).
 */
import type { WorkbookTopic } from "../../server/protocol/index.ts";
import { encodePath } from "../api.ts";
import { button, el } from "../dom.ts";
import { AlertsPanel } from "./alertsPanel.ts";
import type { Panel } from "./collapsiblePanel.ts";
import { GitPanel, type GitEditor } from "./gitPanel.ts";
import { RunsPanel } from "./runsPanel.ts";
import { SharePanel } from "./sharePanel.ts";

export interface NotebookChrome {
  bar: HTMLElement;
  saveState: HTMLElement;
  connection: HTMLElement;
  panels: Record<WorkbookTopic, Panel>;
  runs: RunsPanel;
}

export function notebookChrome(
  path: string,
  { title, move, git }: { title: HTMLElement; move: () => void; git: GitEditor },
): NotebookChrome {
  const saveState = el("span", { class: "save-state", attrs: { "aria-live": "polite" } });
  const connection = el("span", { class: "connection" });
  const bar = el(
    "div",
    { class: "page-bar" },
    el("a", { text: "← Workbooks", attrs: { href: "/" } }),
    title,
    el("span", { class: "path", text: path }),
    button("Move…", move, { title: "Rename or move this workbook" }),
    saveState,
    connection,
    el("a", { text: "Report", attrs: { href: `/report/${encodePath(path)}`, target: "_blank" } }),
  );
  const runs = new RunsPanel(path);
  const panels = {
    alerts: new AlertsPanel(path).panel,
    runs: runs.panel,
    shares: new SharePanel(path).panel,
    git: new GitPanel(path, git).panel,
  };
  return { bar, saveState, connection, panels, runs };
}
