/**
 * An alert cell's settings, read from the same parse of its YAML as its expressions (see
 * alert.ts): how long the condition must hold, who hears of it, how it is labelled. Each
 * setting is checked here, and a bad one is an error on its cell naming the field and its line.
 */
import { createHash } from "node:crypto";
import { isMap, isScalar, isSeq, type Document, type LineCounter, type Node, type YAMLMap } from "yaml";
import { parseDuration } from "../protocol/duration.ts";
import { CellSyntaxError } from "./cellSyntaxError.ts";
import type { AlertSettings, Budget, Hold } from "./types.ts";

export const DEFAULT_REPEAT_MS = 4 * 3_600_000;
const DEFAULT_KEY_LABEL = "instance";
/** Labels Driftbook sets itself on every instance. */
const RESERVED_LABELS = ["alertname", "workbook", "severity"];
const LABEL_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;
const RUNS = /^(\d+)\s*runs?$/;
/** `2 per 30d`: a whole number of firings per a duration. */
const BUDGET = /^(\d+)\s+per\s+(.+)$/;

type Fail = (field: string, message: string, node?: unknown) => never;

/** Reads the settings of a rule whose YAML parsed to `map`; throws a CellSyntaxError "`field`: what to fix". */
export function readAlertSettings(document: Document, map: YAMLMap, lineCounter: LineCounter): AlertSettings {
  const fail: Fail = (field, message, node = map.get(field.split(".")[0], true)) => {
    const { line, col } = lineCounter.linePos(offsetOf(node));
    throw new CellSyntaxError(`\`${field}\`: ${message}`, line, col);
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
  const budget = readBudget(node("budget"), (message) => fail("budget", message));
  return {
    definitionHash: definitionHash(document),
    for: readHold(node("for"), (message) => fail("for", message)),
    ...(severity !== undefined && { severity }),
    labels: readLabels(node("labels"), each ? keyLabel : undefined, fail),
    ...(message !== undefined && { message }),
    notify: readNotify(node("notify"), fail),
    repeatMs: readRepeat(node("repeat"), (message) => fail("repeat", message)),
    each,
    keyLabel,
    recover: map.has("recover"),
    ...(budget && { budget }),
  };
}

/**
 * The hash of the rule's YAML, comments aside. `budget` is left out: it bounds how often the
 * rule may fire in a replay, not how its instances move, so changing it keeps their state.
 */
function definitionHash(document: Document): string {
  const { budget: _budget, ...rule } = document.toJS() as Record<string, unknown>;
  return createHash("sha256").update(JSON.stringify(rule)).digest("hex").slice(0, 16);
}

/** The offset in the cell source where a YAML node starts (0 when unknown). */
export function offsetOf(node: unknown): number {
  return (node as { range?: number[] } | null)?.range?.[0] ?? 0;
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

/** `budget: 2 per 30d`: at most 2 firings in any replayed 30 days; absent when not set. */
function readBudget(node: Node | undefined, fail: (message: string) => never): Budget | undefined {
  if (node === undefined) return undefined;
  const value = isScalar(node) ? node.value : undefined;
  const hint = "write a number of firings per a duration, such as `2 per 30d`";
  const match = typeof value === "string" ? BUDGET.exec(value.trim()) : null;
  if (!match) return fail(value === undefined ? hint : `${JSON.stringify(value)} is not a budget; ${hint}`);
  let windowMs = 0;
  try {
    windowMs = parseDuration(match[2]);
  } catch {
    // reported below
  }
  if (!(windowMs > 0)) return fail(`${JSON.stringify(match[2])} is not a duration; ${hint}`);
  return { count: Number(match[1]), windowMs };
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

function readLabels(node: Node | undefined, keyLabel: string | undefined, fail: Fail): Record<string, string> {
  const labels: Record<string, string> = {};
  if (node === undefined) return labels;
  if (!isMap(node)) return fail("labels", "must be a mapping of label names to values, such as `team: ml`");
  for (const { key, value } of node.items) {
    const name = isScalar(key) ? String(key.value) : "";
    const field = `labels.${name}`;
    if (!LABEL_NAME.test(name) || RESERVED_LABELS.includes(name)) fail(field, labelNameHint(name), key);
    if (name === keyLabel) fail(field, `\`${name}\` carries each instance's key (see \`keyLabel\`)`, key);
    if (!isScalar(value) || value.value === null || typeof value.value === "object")
      fail(field, "must be a text, number or boolean", value ?? key);
    labels[name] = String((value as { value: unknown }).value);
  }
  return labels;
}

function readNotify(node: Node | undefined, fail: Fail): string[] {
  if (node === undefined) return [];
  const items = isSeq(node) ? node.items : [node];
  const names = items.map((item) => (isScalar(item) && typeof item.value === "string" ? item.value.trim() : ""));
  if (names.some((name) => name === ""))
    fail("notify", "must list channel names from driftbook.config.json, such as `[ml-oncall]`");
  return [...new Set(names)];
}

function labelNameHint(name: string): string {
  if (RESERVED_LABELS.includes(name)) return `\`${name}\` is set by Driftbook; choose another label name`;
  return `${JSON.stringify(name)} is not a label name: use letters, digits and _, not starting with a digit`;
}
