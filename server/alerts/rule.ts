/**
 * An alert cell's settings, read from its YAML: how long the condition must hold, who hears of
 * it, how it is labelled. The expressions (`when`, `recover`, `each`, `key`) are compiled by
 * server/analysis/alert.ts; this module reads the rest and checks it, naming the field.
 */
import { createHash } from "node:crypto";
import { isMap, isScalar, isSeq, LineCounter, parseDocument, type Node } from "yaml";
import type { Problem } from "../protocol/index.ts";
import { parseDuration } from "../runtime/stdlib/since.ts";
import type { WorkbookDoc } from "../workbook/types.ts";

/** How long `when` must hold before an instance fires: consecutive evaluations, or time. */
export type Hold = { runs: number } | { ms: number };

export interface AlertRule {
  /** `<workbook path>#<NAME>`: the rule's identity in the state database. */
  id: string;
  workbook: string;
  name: string;
  /** Changes when the rule's settings or expressions change (not its comments): its instances then reset. */
  definitionHash: string;
  for: Hold;
  severity?: string;
  /** Extra labels on every instance. */
  labels: Record<string, string>;
  /** The notification's summary, a template: `{{value}}`, `{{key}}`, `{{labels.team}}`, `{{params.window}}`… */
  message?: string;
  /** Channel names from driftbook.config.json. */
  notify: string[];
  /** Reminder interval while firing. */
  repeatMs: number;
  /** True when the rule has `each`: one instance per item. */
  each: boolean;
  /** The label that carries an `each` instance's key. */
  keyLabel: string;
  /** True when the rule has `recover`: a firing instance resolves only when it holds. */
  recover: boolean;
}

/** A setting that cannot be used; `field` is its key (`for`, `labels.team`), `line` its 1-based line in the cell. */
export class RuleError extends Error {
  constructor(
    message: string,
    readonly field: string,
    readonly line = 1,
    readonly column?: number,
  ) {
    super(message);
    this.name = "RuleError";
  }
}

export const DEFAULT_REPEAT_MS = 4 * 3_600_000;
const DEFAULT_KEY_LABEL = "instance";
/** Labels Driftbook sets itself on every instance. */
const RESERVED_LABELS = ["alertname", "workbook", "severity"];
const LABEL_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;
const RUNS = /^(\d+)\s*runs?$/;

/** Reads one alert cell's settings. Throws a RuleError naming the field (and YAML errors as a RuleError on `rule`). */
export function parseRule(workbook: string, name: string, source: string): AlertRule {
  const lineCounter = new LineCounter();
  const document = parseDocument(source, { lineCounter });
  const position = (node: unknown) => {
    const { line, col } = lineCounter.linePos((node as { range?: number[] } | null)?.range?.[0] ?? 0);
    return [line, col] as const;
  };
  const [syntax] = document.errors;
  if (syntax || !isMap(document.contents)) {
    throw new RuleError(syntax ? `invalid YAML: ${syntax.message.split("\n")[0]}` : "an alert rule is a YAML mapping", "rule");
  }
  const map = document.contents;
  const fail = (field: string, message: string, node: unknown = map.get(field.split(".")[0], true)): never => {
    throw new RuleError(`\`${field}\`: ${message}`, field, ...position(node));
  };
  const node = (key: string) => map.get(key, true) as Node | undefined;
  const text = (key: string): string | undefined => {
    const value = node(key);
    if (value === undefined) return undefined;
    if (!isScalar(value) || typeof value.value !== "string") return fail(key, "must be text");
    return value.value;
  };
  const each = map.has("each");
  const keyLabel = text("keyLabel") ?? DEFAULT_KEY_LABEL;
  if (map.has("keyLabel") && !each) fail("keyLabel", "names the key label of an `each` rule: add `each: <list>`");
  if (!LABEL_NAME.test(keyLabel) || RESERVED_LABELS.includes(keyLabel)) fail("keyLabel", labelNameHint(keyLabel));
  const severity = text("severity");
  const message = text("message");
  return {
    id: `${workbook}#${name}`,
    workbook,
    name,
    definitionHash: createHash("sha256").update(JSON.stringify(document.toJS())).digest("hex").slice(0, 16),
    for: readHold(node("for"), (message) => fail("for", message)),
    ...(severity !== undefined && { severity }),
    labels: readLabels(node("labels"), each ? keyLabel : undefined, fail),
    ...(message !== undefined && { message }),
    notify: readNotify(node("notify"), fail),
    repeatMs: readRepeat(node("repeat"), (message) => fail("repeat", message)),
    each,
    keyLabel,
    recover: map.has("recover"),
  };
}

/**
 * The rules of every alert cell of a workbook, and a problem (in file coordinates) for each
 * cell whose settings cannot be used. A cell whose YAML or expressions do not compile gets a
 * problem from the analysis too; callers keep one problem per cell.
 */
export function alertRules(workbook: string, doc: WorkbookDoc): { rules: AlertRule[]; problems: Problem[] } {
  const rules: AlertRule[] = [];
  const problems: Problem[] = [];
  let cellIndex = 0;
  for (const block of doc.blocks) {
    if (block.type !== "cell") continue;
    if (block.kind === "alert" && block.name !== undefined) {
      try {
        rules.push(parseRule(workbook, block.name, block.source));
      } catch (error) {
        if (!(error instanceof RuleError)) throw error;
        const line = block.sourceStartLine + error.line - 1;
        problems.push({ cellIndex, line, ...(error.column !== undefined && { column: error.column }), message: error.message });
      }
    }
    cellIndex++;
  }
  return { rules, problems };
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
  return createHash("sha256").update(JSON.stringify([ruleId, sorted])).digest("hex").slice(0, 16);
}

/** `for: 2 runs`, `for: 1 run`, `for: 30m`, `for: 0`; default 0 (fire on the first evaluation that holds). */
function readHold(node: Node | undefined, fail: (message: string) => never): Hold {
  if (node === undefined) return { runs: 0 };
  const value = isScalar(node) ? node.value : undefined;
  if (value === 0) return { runs: 0 };
  const hint = "write a count of runs (`2 runs`) or a duration (`30m`, `1h30m`)";
  if (typeof value !== "string") return fail(hint);
  const runs = RUNS.exec(value.trim());
  if (runs) return { runs: Number(runs[1]) };
  try {
    return { ms: parseDuration(value) };
  } catch {
    return fail(`${JSON.stringify(value)} is neither; ${hint}`);
  }
}

function readRepeat(node: Node | undefined, fail: (message: string) => never): number {
  if (node === undefined) return DEFAULT_REPEAT_MS;
  const value = isScalar(node) ? node.value : undefined;
  let ms = Number.NaN;
  try {
    if (typeof value === "string") ms = parseDuration(value);
  } catch {
    // reported below
  }
  return ms > 0 ? ms : fail("write a duration such as `4h` or `30m`");
}

function readLabels(node: Node | undefined, keyLabel: string | undefined, fail: (field: string, message: string, node?: unknown) => never) {
  const labels: Record<string, string> = {};
  if (node === undefined) return labels;
  if (!isMap(node)) return fail("labels", "must be a mapping of label names to values, such as `team: ml`");
  for (const { key, value } of node.items) {
    const name = isScalar(key) ? String(key.value) : "";
    const field = `labels.${name}`;
    if (!LABEL_NAME.test(name) || RESERVED_LABELS.includes(name)) fail(field, labelNameHint(name), key);
    if (name === keyLabel) fail(field, `\`${name}\` carries each instance's key (see \`keyLabel\`)`, key);
    if (!isScalar(value) || value.value === null || typeof value.value === "object") fail(field, "must be a text, number or boolean", value ?? key);
    labels[name] = String((value as { value: unknown }).value);
  }
  return labels;
}

function readNotify(node: Node | undefined, fail: (field: string, message: string, node?: unknown) => never): string[] {
  if (node === undefined) return [];
  const items = isSeq(node) ? node.items : [node];
  const names = items.map((item) => (isScalar(item) && typeof item.value === "string" ? item.value.trim() : ""));
  if (names.some((name) => name === "")) fail("notify", "must list channel names from driftbook.config.json, such as `[ml-oncall]`");
  return [...new Set(names)];
}

function labelNameHint(name: string): string {
  if (RESERVED_LABELS.includes(name)) return `\`${name}\` is set by Driftbook; choose another label name`;
  return `${JSON.stringify(name)} is not a label name: use letters, digits and _, not starting with a digit`;
}
