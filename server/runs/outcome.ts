/**
 * A run's outcome: each cell's status and time, the errors shown, the alert rules advanced on
 * the cells' outputs (with the context their messages and Alertmanager see) — or, for a live
 * workbook's preview and a what-if run, where they would go — with each instance's state beside
 * its output, and the link to the workbook in notifications.
 */
import { evaluateAlerts, forgetRemovedRules, ruleOutputsOf, type NotificationQueue } from "../alerts/evaluate.ts";
import { alertRules } from "../alerts/rule.ts";
import { withStandings } from "../alerts/standing.ts";
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

export interface RunAlertOptions<C extends SettledCell = SettledCell> {
  workbook: LoadedWorkbook;
  /** The workbook's identity: its path in the workbooks folder (the rules' ids). */
  id: string;
  /** The cells that ran: the rules of the alert cells among them are advanced. */
  cells: C[];
  trigger: AlertTrigger;
  /** Only preview what the rules would do from the stored state: store nothing, notify nobody. */
  preview: boolean;
  params: Record<string, unknown>;
  store: AlertStore;
  /** Where due notifications go; a preview, which notifies nobody, needs none. */
  notifications?: NotificationQueue;
  /** A link to the workbook, for notifications (see workbookLink). */
  link?: string;
  /** The evaluation's time: default now; T for an as-of run, which only previews. */
  now?: number;
}

/**
 * Advances the rules of the alert cells among `cells` (or, for a preview, works out where they
 * would go) and returns the transitions, and the cells with each alert instance's state beside
 * its output (standing.ts). Its schedule tells how long a firing alert stays valid; the front
 * matter and `params` fill message templates.
 */
export function evaluateRunAlerts<C extends SettledCell>(
  options: RunAlertOptions<C>,
): { transitions: AlertTransition[]; cells: C[] } {
  const { workbook, id, preview } = options;
  const rules = alertRules(id, workbook.analysis);
  if (rules.length === 0) return { transitions: [], cells: options.cells };
  const frontMatter = workbook.doc.frontMatter?.data;
  const templateData = { ...(frontMatter ?? {}), params: options.params };
  const evaluation = evaluateAlerts({
    workbook: id,
    rules,
    outputs: ruleOutputsOf(options.cells),
    trigger: options.trigger,
    preview,
    store: options.store,
    notifications: options.notifications,
    link: options.link,
    evaluationIntervalMs: scheduledIntervalOf(frontMatter),
    templateData,
    now: options.now,
  });
  const cells = withStandings(options.cells, { rules, ...evaluation, preview, templateData });
  return { transitions: evaluation.transitions, cells };
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
