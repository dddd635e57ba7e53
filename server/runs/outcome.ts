/**
 * A run's outcome, the same for a live workbook's data run and a headless run: each cell's
 * status and time, the errors shown, the alert rules advanced on the cells' outputs (with the
 * context their messages and Alertmanager see), and the link to the workbook in notifications.
 */
import { evaluateAlerts, forgetRemovedRules, ruleOutputsOf, type NotificationQueue } from "../alerts/evaluate.ts";
import { alertRules } from "../alerts/rule.ts";
import type { AlertStore, AlertTransition, AlertTrigger } from "../alerts/state.ts";
import type { LoadedWorkbook } from "../workspace/workbookFile.ts";
import type { CellStatus, Output } from "../protocol/index.ts";
import { shownError } from "../runtime/errors.ts";
import { scheduledIntervalOf } from "./schedule.ts";
import type { RunCell, RunError } from "./store.ts";

/** A cell as a run leaves it: a live cell's view (CellView) or a headless run's report (CellReport). */
export interface SettledCell {
  index: number;
  kind: string;
  name?: string;
  status: CellStatus;
  ms?: number;
  outputs: Output[];
}

/** Every cell's status and time, and the errors shown: problems outside any cell, then each failed cell's error. */
export function runOutcome(workbook: LoadedWorkbook, cells: SettledCell[]): { cells: RunCell[]; errors: RunError[] } {
  const errors: RunError[] = workbook.analysis.problems
    .filter((problem) => problem.cellIndex === undefined)
    .map((problem) => ({ line: problem.line, message: problem.message }));
  for (const cell of cells) {
    const error = cell.status === "fulfilled" ? undefined : shownError(cell.outputs);
    if (error) errors.push({ cellIndex: cell.index, ...error });
  }
  const runCells = cells.map(({ index, kind, name, status, ms }): RunCell => ({
    index,
    kind,
    ...(name ? { name } : {}),
    status,
    ms: Math.round(ms ?? 0),
  }));
  return { cells: runCells, errors };
}

/** The workbook's page on the server at `baseUrl`, as notifications link to it. */
export function workbookLink(baseUrl: string, path: string): string {
  return `${baseUrl}/w/${path.split("/").map(encodeURIComponent).join("/")}`;
}

export interface RunAlertOptions {
  workbook: LoadedWorkbook;
  /** The workbook's identity: its path in the workbooks folder (the rules' ids). */
  id: string;
  /** The cells that ran: the rules of the alert cells among them are advanced. */
  cells: SettledCell[];
  trigger: AlertTrigger;
  params: Record<string, unknown>;
  store: AlertStore;
  notifications: NotificationQueue;
  /** A link to the workbook, for notifications (see workbookLink). */
  link?: string;
}

/**
 * Advances the rules of the alert cells among `cells` and returns the transitions. Its schedule
 * tells how long a firing alert stays valid; the front matter and `params` fill message templates.
 */
export function evaluateRunAlerts(options: RunAlertOptions): AlertTransition[] {
  const { workbook, id } = options;
  const rules = alertRules(id, workbook.analysis);
  if (rules.length === 0) return [];
  const frontMatter = workbook.doc.frontMatter?.data;
  return evaluateAlerts({
    workbook: id,
    rules,
    outputs: ruleOutputsOf(options.cells),
    trigger: options.trigger,
    store: options.store,
    notifications: options.notifications,
    link: options.link,
    evaluationIntervalMs: scheduledIntervalOf(frontMatter),
    templateData: { ...(frontMatter ?? {}), params: options.params },
  }).transitions;
}

/** Forgets the instances of rules no longer in the workbook: every alert cell's name counts, valid or not. */
export function forgetRemovedAlerts({
  workbook,
  id,
  store,
  trigger,
}: Pick<RunAlertOptions, "workbook" | "id" | "store" | "trigger">): AlertTransition[] {
  const ruleNames = workbook.analysis.cells
    .filter((cell) => cell.kind === "alert" && cell.name)
    .map((cell) => cell.name!);
  return forgetRemovedRules({ workbook: id, ruleNames, store, trigger });
}
