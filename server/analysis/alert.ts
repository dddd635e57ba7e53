/**
 * An alert cell, from one parse of its YAML: the rule's JS expressions compiled into the
 * cell's body, and its settings (alertSettings.ts) for the alert rules (server/alerts/rule.ts).
 */
import type { BinaryExpression, Expression } from "acorn";
import { isMap, isScalar, LineCounter, parseDocument, type YAMLMap } from "yaml";
import { readAlertSettings, offsetOf } from "./alertSettings.ts";
import { inputsOf, type CellBody } from "./cellBody.ts";
import { CellSyntaxError, syntaxErrorOf } from "./cellSyntaxError.ts";
import { parseJavaScript } from "./parse.ts";
import { findReferences } from "./references.ts";
import type { AlertSettings } from "./types.ts";

/** Keys an alert rule may have. `each`, `key`, `when` and `recover` are compiled here; alertSettings.ts reads the rest. */
const RULE_KEYS = [
  "when",
  "recover",
  "for",
  "severity",
  "labels",
  "message",
  "notify",
  "each",
  "key",
  "keyLabel",
  "repeat",
  "budget",
];
const COMPARISONS = new Set(["<", "<=", ">", ">=", "==", "===", "!=", "!=="]);
/** Most instances one `each` rule may have: each is stored and evaluated on every run. */
export const MAX_ALERT_INSTANCES = 1000;

/** A JS expression from the rule, placed in the cell source: `column` is unknown in block scalars. */
interface RuleExpression {
  key: "each" | "key" | "when" | "recover";
  text: string;
  line: number;
  column?: number;
  expression: Expression;
  references: string[];
}

/**
 * Parses an alert cell's YAML once. `body` is its compiled body, or the first error that stops
 * it (in the YAML, the expressions, then the settings); `settings` are present when they are
 * usable, even when an expression is not, so the rule still exists and reports the error.
 */
export function compileAlert(
  source: string,
  name: string | undefined,
): { body: CellBody | CellSyntaxError; settings?: AlertSettings } {
  const lineCounter = new LineCounter();
  const document = parseDocument(source, { lineCounter });
  const [error] = document.errors;
  if (error) {
    const { line, col } = lineCounter.linePos(error.pos[0]);
    return { body: new CellSyntaxError(error.message.replace(/ at line \d+, column \d+:[^]*$/, ""), line, col) };
  }
  const rule = document.contents;
  if (!isMap(rule)) {
    return { body: new CellSyntaxError("An alert rule is a YAML mapping with at least `when: <JS expression>`", 1, 1) };
  }
  const settings = syntaxErrorOf(() => readAlertSettings(document, rule, lineCounter));
  const body = syntaxErrorOf(() => compileRule(rule, name, lineCounter));
  if (settings instanceof CellSyntaxError) return { body: body instanceof CellSyntaxError ? body : settings };
  return { body, settings };
}

/**
 * Compiles the rule's expressions into a body that evaluates `when` (and `recover`) once per
 * instance and displays an AlertDisplay. Without `each` the rule has one instance; with
 * `each: <list>` it has one per item, and `item` names the item inside `key`, `when` and
 * `recover`. Each expression keeps its own line in the body, so a stack frame maps back to
 * it; the body starts on the line of the first one. The cell defines no variables.
 */
function compileRule(rule: YAMLMap, name: string | undefined, lineCounter: LineCounter): CellBody {
  const values = new Map<string, unknown>();
  for (const { key, value } of rule.items) {
    const keyName = isScalar(key) ? String(key.value) : "";
    if (!RULE_KEYS.includes(keyName)) {
      const { line, col } = lineCounter.linePos(isScalar(key) ? key.range![0] : 0);
      throw new CellSyntaxError(`Unknown alert key \`${keyName}\`; known keys: ${RULE_KEYS.join(", ")}`, line, col);
    }
    values.set(keyName, value);
  }
  if (!values.has("when")) throw new CellSyntaxError("An alert rule needs `when: <JS expression>`", 1, 1);
  if (values.has("key") && !values.has("each")) {
    const { line, col } = lineCounter.linePos(offsetOf(values.get("key")));
    throw new CellSyntaxError("`key` names the instances of an `each` rule: add `each: <list>`", line, col);
  }
  const expressions = (["each", "key", "when", "recover"] as const)
    .filter((key) => values.has(key))
    .map((key) => readExpression(key, values.get(key), lineCounter));
  const severity = readSeverity(values.get("severity"), lineCounter);
  const each = values.has("each");
  // Inside `key`, `when` and `recover` of an `each` rule, `item` is the item, not a workbook variable.
  const references = expressions.flatMap((expression) =>
    each && expression.key !== "each" ? expression.references.filter((name) => name !== "item") : expression.references,
  );
  const body = alertBody(name ?? "", severity, expressions);
  return {
    inputs: inputsOf([...new Set(references)]),
    outputs: [],
    body,
    bodyLine: Math.min(...expressions.map((e) => e.line)),
  };
}

function readExpression(key: RuleExpression["key"], node: unknown, lineCounter: LineCounter): RuleExpression {
  if (!isScalar(node) || node.value === null || node.value === "") {
    const { line, col } = lineCounter.linePos(offsetOf(node));
    const hint = 'quote it if it starts with { or [ or holds ": "';
    throw new CellSyntaxError(`\`${key}\` needs a JS expression (${hint})`, line, col);
  }
  const text = typeof node.value === "string" ? node.value : (node.source ?? String(node.value));
  const start = lineCounter.linePos(node.range![0]);
  const block = node.type === "BLOCK_LITERAL" || node.type === "BLOCK_FOLDED";
  const quoted = node.type === "QUOTE_DOUBLE" || node.type === "QUOTE_SINGLE";
  const line = start.line + (block ? 1 : 0);
  const column = block ? undefined : start.col + (quoted ? 1 : 0);
  try {
    const { program, expression } = parseJavaScript(text);
    if (!expression) throw new CellSyntaxError("must be a single expression", 1, 1);
    return { key, text, line, column, expression, references: findReferences(program) };
  } catch (error) {
    if (!(error instanceof CellSyntaxError)) throw error;
    const onFirstLine = error.line === 1 && column !== undefined && error.column !== undefined;
    const columnInCell = onFirstLine ? column + error.column! - 1 : undefined;
    throw new CellSyntaxError(`\`${key}\`: ${error.message}`, line + error.line - 1, columnInCell);
  }
}

function readSeverity(node: unknown, lineCounter: LineCounter): string | undefined {
  if (node === undefined) return undefined;
  if (isScalar(node) && typeof node.value === "string") return node.value;
  const { line, col } = lineCounter.linePos(offsetOf(node));
  throw new CellSyntaxError("`severity` must be a word such as warning or critical", line, col);
}

/**
 * `return (async () => { const rule = {}; rule.run = async () => {…}; rule.when = async (item)
 * => Boolean(…\n); …; return rule.run(); })()`. Every expression becomes a function stored on
 * `rule`, placed on its own line in file order (with `item` as parameter in an `each` rule);
 * `rule.run` calls them per instance and displays the result. `rule` is the only local the
 * expressions can see, renamed if they read a variable of that name.
 */
function alertBody(name: string, severity: string | undefined, expressions: RuleExpression[]): string {
  const taken = new Set(expressions.flatMap((expression) => expression.references));
  let rule = "rule";
  while (taken.has(rule)) rule += "_";
  const each = expressions.some((expression) => expression.key === "each");
  let body = `return (async () => { const ${rule} = {}; ${rule}.run = ${runner(rule, name, severity, each)};`;
  let line = Math.min(...expressions.map((expression) => expression.line));
  for (const expression of [...expressions].sort((a, b) => a.line - b.line)) {
    body += "\n".repeat(Math.max(0, expression.line - line));
    line = Math.max(line, expression.line);
    const parameter = each && expression.key !== "each" ? "item" : "";
    const value = expression.key === "when" ? capture(expression, rule) : `(${expression.text}\n)`;
    const wrapped = expression.key === "when" || expression.key === "recover" ? `Boolean(${value})` : value;
    body += ` ${rule}.${expression.key} = async (${parameter}) => ${wrapped};`;
    line += expression.text.split("\n").length;
  }
  return `${body} return ${rule}.run(); })()`;
}

/**
 * The code that evaluates the instances, on one line. A plain rule has one instance without a
 * key. An `each` rule takes its items from any iterable (an array, an Arquero table); an
 * item's key is `key`, else a string or number item itself, else `item.feature ?? item.name`,
 * else its index. Two items with one key, or more than MAX_ALERT_INSTANCES, are an error.
 */
function runner(rule: string, name: string, severity: string | undefined, each: boolean): string {
  const header = `{alert: ${JSON.stringify(name)}${severity === undefined ? "" : `, severity: ${JSON.stringify(severity)}`}, instances}`;
  const instance =
    `${rule}.value = undefined; const instance = key === undefined ? {} : {key}; instance.condition = await ${rule}.when(item); ` +
    `instance.value = ${rule}.value; if (${rule}.recover) instance.recovered = await ${rule}.recover(item); instances.push(instance);`;
  if (!each)
    return `async () => { const instances = [], key = undefined, item = undefined; ${instance} display(${header}); return {}; }`;
  return (
    `async () => { const list = await ${rule}.each(); ` +
    `if (list != null && typeof list[Symbol.iterator] !== "function") throw new TypeError(\`each must give a list (an array or a table), not \${typeof list}\`); ` +
    `const items = list == null ? [] : Array.from(list); ` +
    `if (items.length > ${MAX_ALERT_INSTANCES}) throw new RangeError(\`each gave \${items.length} items; an alert rule may have at most ${MAX_ALERT_INSTANCES} instances\`); ` +
    `const instances = [], keys = new Set(); for (let index = 0; index < items.length; index++) { const item = items[index]; ` +
    `const key = String(${rule}.key ? await ${rule}.key(item) : typeof item === "string" || typeof item === "number" ? item : item?.feature ?? item?.name ?? index); ` +
    `if (keys.has(key)) throw new Error(\`each: two items have the key "\${key}"; set key: to tell them apart\`); keys.add(key); ` +
    `${instance} } display(${header}); return {}; }`
  );
}

/** `when` rewritten to also store its value in `rule.value`: a comparison's left operand, else the whole. */
function capture({ text, expression }: RuleExpression, rule: string): string {
  if (expression.type === "BinaryExpression" && COMPARISONS.has(expression.operator)) {
    const { left } = expression as BinaryExpression;
    return `${text.slice(0, left.start)}(${rule}.value = ${text.slice(left.start, left.end)})${text.slice(left.end)}\n`;
  }
  return `${rule}.value = (${text}\n)`;
}
