/**
 * A workbook's alert rules: each named alert cell's settings, as the analysis read them from
 * its YAML (server/analysis/alertSettings.ts), under the rule's identity in the state database.
 * Also the identity of a rule's instances: their labels and fingerprint.
 */
import { createHash } from "node:crypto";
import type { AlertSettings, WorkbookAnalysis } from "../analysis/index.ts";

export interface AlertRule extends AlertSettings {
  /** `<workbook path>#<NAME>`: the rule's identity in the state database. */
  id: string;
  workbook: string;
  name: string;
}

/**
 * The rules of a workbook's alert cells whose settings are usable; a cell whose settings are
 * not has that error as its problem in the analysis. `workbook` is the workbook's identity,
 * its path in the workbooks folder.
 */
export function alertRules(workbook: string, analysis: WorkbookAnalysis): AlertRule[] {
  return analysis.cells.flatMap((cell) =>
    cell.kind === "alert" && cell.name !== undefined && cell.alert
      ? [{ id: ruleIdOf(workbook, cell.name), workbook, name: cell.name, ...cell.alert }]
      : [],
  );
}

/** A rule's identity in the state database: `<workbook path>#<NAME>`. */
export function ruleIdOf(workbook: string, name: string): string {
  return `${workbook}#${name}`;
}

/** An instance's labels: `alertname`, `workbook`, `severity`, the rule's labels, and for an `each` rule its key. */
export function instanceLabels(rule: AlertRule, key: string): Record<string, string> {
  const labels: Record<string, string> = { alertname: rule.name, workbook: rule.workbook };
  if (rule.severity !== undefined) labels.severity = rule.severity;
  Object.assign(labels, rule.labels);
  if (rule.each) labels[rule.keyLabel] = key;
  return labels;
}

/** First 16 hex digits of sha256 over the rule id and the labels sorted by name (as JSON): an instance's identity for receivers. */
export function fingerprint(ruleId: string, labels: Record<string, string>): string {
  const sorted = Object.entries(labels).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return createHash("sha256")
    .update(JSON.stringify([ruleId, sorted]))
    .digest("hex")
    .slice(0, 16);
}
