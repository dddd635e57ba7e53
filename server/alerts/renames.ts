/**
 * Alert state follows a rule or a workbook to its new name. A rule's identity is `<workbook
 * path>#<NAME>` (rule.ts), and its instances carry `alertname` and `workbook` labels, so a rename
 * made through Driftbook rewrites, in the caller's write transaction: the rule's current
 * instances (a firing rule stays firing under its new name), its history of transitions, its
 * notifications in the outbox (those already delivered keep the payload they were sent with), and
 * the silences that name it with `=` matchers. Without this the renamed rule would start again
 * from normal and the old name's instances would be forgotten as a removed rule's
 * (runs/outcome.ts forgetRemovedAlerts).
 */
import { randomUUID } from "node:crypto";
import type { Db } from "../store/db.ts";
import { holdTransactionLock } from "../store/transactionLock.ts";
import type { Matcher } from "../protocol/index.ts";
import { ruleIdOf } from "./rule.ts";

/** How many stored rows followed the rename. */
export interface AlertRenameCounts {
  instances: number;
  history: number;
  silences: number;
}

/** Where a rule is and where it goes. */
interface RuleName {
  workbook: string;
  rule: string;
}

/**
 * Moves the stored state of the rule `from` of `workbook` to the name `to`. Silences matching
 * `alertname="from"` and `workbook="<workbook>"` are rewritten; one matching `alertname="from"`
 * in every workbook keeps silencing the old name elsewhere, and a copy scoped to this workbook
 * silences the new one. Call it inside writeTransaction.
 */
export function renameRuleState(db: Db, workbook: string, from: string, to: string): AlertRenameCounts {
  holdTransactionLock(db, `alerts:${workbook}`);
  // Instances left under the new name belong to a rule removed earlier: the renamed rule's replace them.
  db.prepare("delete from driftbook_alert_instances where rule_id = ?").run(ruleIdOf(workbook, to));
  const where = { sql: "rule_id = ?", params: [ruleIdOf(workbook, from)] };
  const silences = rewriteSilences(db, (matchers) => {
    if (!hasEqual(matchers, "alertname", from)) return undefined;
    const scoped = hasEqual(matchers, "workbook", workbook);
    if (!scoped && matchers.some((matcher) => matcher.name === "workbook")) return undefined;
    const renamed = replaceEqual(matchers, "alertname", from, to);
    return scoped ? { replace: renamed } : { copy: [...renamed, { name: "workbook", op: "=", value: workbook }] };
  });
  return { ...rewriteRuleRows(db, where, () => ({ workbook, rule: to })), silences };
}

/** Moves the stored alert state of every rule of the workbook at `from` to the workbook at `to`. Call it inside writeTransaction. */
export function moveWorkbookAlerts(db: Db, from: string, to: string): AlertRenameCounts {
  for (const path of [from, to].sort()) holdTransactionLock(db, `alerts:${path}`);
  // Instances left at the new path belong to a workbook deleted earlier: the moved workbook's replace them.
  db.prepare("delete from driftbook_alert_instances where workbook = ?").run(to);
  const where = { sql: "workbook = ?", params: [from] };
  const silences = rewriteSilences(db, (matchers) =>
    hasEqual(matchers, "workbook", from) ? { replace: replaceEqual(matchers, "workbook", from, to) } : undefined,
  );
  return { ...rewriteRuleRows(db, where, ({ rule }) => ({ workbook: to, rule })), silences };
}

/** The instances, history and outbox rows `where` selects, under the name `rename` gives each. */
function rewriteRuleRows(
  db: Db,
  where: { sql: string; params: unknown[] },
  rename: (name: RuleName) => RuleName,
): Omit<AlertRenameCounts, "silences"> {
  const counts = { instances: 0, history: 0 };
  // Each table with its row key: instances by rule and instance key, history by id.
  const labelled = [
    { table: "driftbook_alert_instances", keys: ["rule_id", "instance"], count: "instances" },
    { table: "driftbook_alert_history", keys: ["id"], count: "history" },
  ] as const;
  for (const { table, keys, count } of labelled) {
    const rows = db
      .prepare(`select ${keys.join(", ")}, workbook, rule, labels from ${table} where ${where.sql}`)
      .all(...where.params) as Record<string, unknown>[];
    const byKey = keys.map((key) => `${key} = ?`).join(" and ");
    const update = db.prepare(`update ${table} set rule_id = ?, workbook = ?, rule = ?, labels = ? where ${byKey}`);
    for (const row of rows) {
      const before = { workbook: row.workbook as string, rule: row.rule as string };
      const next = rename(before);
      const labels = JSON.parse(row.labels as string) as Record<string, string>;
      if (labels.alertname === before.rule) labels.alertname = next.rule;
      if (labels.workbook === before.workbook) labels.workbook = next.workbook;
      update.run(
        ruleIdOf(next.workbook, next.rule),
        next.workbook,
        next.rule,
        JSON.stringify(labels),
        ...keys.map((key) => row[key]),
      );
      counts[count] += 1;
    }
  }
  const outbox = db
    .prepare(`select id, workbook, rule from driftbook_outbox where ${where.sql}`)
    .all(...where.params) as {
    id: number;
    workbook: string;
    rule: string;
  }[];
  const moveEntry = db.prepare("update driftbook_outbox set rule_id = ?, workbook = ?, rule = ? where id = ?");
  for (const entry of outbox) {
    const next = rename(entry);
    moveEntry.run(ruleIdOf(next.workbook, next.rule), next.workbook, next.rule, entry.id);
  }
  return counts;
}

/** What a silence's matchers become: rewritten in place, or left and copied with new matchers. */
type SilenceChange = { replace: Matcher[] } | { copy: Matcher[] };

/** Applies `change` to every stored silence (expired ones too, so their record names the rule as it is called now); returns how many changed. */
function rewriteSilences(db: Db, change: (matchers: Matcher[]) => SilenceChange | undefined): number {
  const rows = db.prepare("select * from driftbook_alert_silences").all() as Record<string, unknown>[];
  const replace = db.prepare("update driftbook_alert_silences set matchers = ? where id = ?");
  const copy = db.prepare(
    `insert into driftbook_alert_silences (id, matchers, starts_at, ends_at, comment, created_by, created_at)
     values (?, ?, ?, ?, ?, ?, ?)`,
  );
  let changed = 0;
  for (const row of rows) {
    const next = change(JSON.parse(row.matchers as string) as Matcher[]);
    if (!next) continue;
    changed += 1;
    if ("replace" in next) replace.run(JSON.stringify(next.replace), row.id);
    else
      copy.run(
        randomUUID(),
        JSON.stringify(next.copy),
        row.starts_at,
        row.ends_at,
        row.comment,
        row.created_by,
        row.created_at,
      );
  }
  return changed;
}

function hasEqual(matchers: Matcher[], name: string, value: string): boolean {
  return matchers.some((matcher) => matcher.name === name && matcher.op === "=" && matcher.value === value);
}

function replaceEqual(matchers: Matcher[], name: string, from: string, to: string): Matcher[] {
  return matchers.map((matcher) =>
    matcher.name === name && matcher.op === "=" && matcher.value === from ? { ...matcher, value: to } : matcher,
  );
}
