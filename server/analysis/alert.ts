import type { BinaryExpression, Expression } from "acorn";
import { isMap, isScalar, LineCounter, parseDocument } from "yaml";
import { inputsOf, type CellBody } from "./cellBody.ts";
import { CellSyntaxError } from "./cellSyntaxError.ts";
import { parseJavaScript } from "./parse.ts";
import { findReferences } from "./references.ts";

/** Keys an alert rule may have. Only `when` and `recover` are compiled; the alert rules read the rest. */
const RULE_KEYS = ["when", "recover", "for", "severity", "labels", "message", "notify", "each", "repeat"];
const COMPARISONS = new Set(["<", "<=", ">", ">=", "==", "===", "!=", "!=="]);

/** A JS expression from the rule, placed in the cell source: `column` is unknown in block scalars. */
interface RuleExpression {
  text: string;
  line: number;
  column?: number;
  expression: Expression;
  references: string[];
}

/**
 * Compiles an alert rule (YAML) into a body that evaluates `when` (and `recover`) and displays
 * an AlertDisplay. The body starts on the line of `when`'s expression; `recover` keeps its own
 * line when it comes after `when`. The cell defines no variables.
 */
export function compileAlert(source: string, name: string | undefined): CellBody {
  const lineCounter = new LineCounter();
  const document = parseDocument(source, { lineCounter });
  const [error] = document.errors;
  if (error) {
    const { line, col } = lineCounter.linePos(error.pos[0]);
    throw new CellSyntaxError(error.message.replace(/ at line \d+, column \d+:[^]*$/, ""), line, col);
  }
  const rule = document.contents;
  if (!isMap(rule)) {
    throw new CellSyntaxError("An alert rule is a YAML mapping with at least `when: <JS expression>`", 1, 1);
  }
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
  const when = readExpression("when", values.get("when"), lineCounter);
  const recover = values.has("recover") ? readExpression("recover", values.get("recover"), lineCounter) : undefined;
  const severity = readSeverity(values.get("severity"), lineCounter);
  const references = [...new Set([...when.references, ...(recover?.references ?? [])])];
  const body = alertBody(name ?? "", severity, when, recover);
  return { inputs: inputsOf(references), outputs: [], body, bodyLine: when.line };
}

function readExpression(key: string, node: unknown, lineCounter: LineCounter): RuleExpression {
  if (!isScalar(node) || node.value === null || node.value === "") {
    const offset = (node as { range?: number[] } | null)?.range?.[0] ?? 0;
    const { line, col } = lineCounter.linePos(offset);
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
    return { text, line, column, expression, references: findReferences(program) };
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
  const { line, col } = lineCounter.linePos((node as { range?: number[] } | null)?.range?.[0] ?? 0);
  throw new CellSyntaxError("`severity` must be a word such as warning or critical", line, col);
}

/**
 * `return (async () => { const rule = {alert, severity}; rule.condition = Boolean(<when, storing
 * rule.value>\n); [rule.recovered = Boolean((<recover>\n));] display(rule); return {}; })()`,
 * where `rule` is renamed if the expressions read a variable of that name.
 */
function alertBody(name: string, severity: string | undefined, when: RuleExpression, recover?: RuleExpression): string {
  const taken = new Set([...when.references, ...(recover?.references ?? [])]);
  let rule = "rule";
  while (taken.has(rule)) rule += "_";
  const fields = [`alert: ${JSON.stringify(name)}`];
  if (severity !== undefined) fields.push(`severity: ${JSON.stringify(severity)}`);
  let body = `return (async () => { const ${rule} = {${fields.join(", ")}}; `;
  body += `${rule}.condition = Boolean(${capture(when, rule)}\n);`;
  if (recover) {
    const currentLine = when.line + body.split("\n").length - 1;
    body += "\n".repeat(Math.max(0, recover.line - currentLine)) + ` ${rule}.recovered = Boolean((${recover.text}\n));`;
  }
  return `${body} display(${rule}); return {}; })()`;
}

/** `when` rewritten to also store its value in `rule.value`: a comparison's left operand, else the whole. */
function capture({ text, expression }: RuleExpression, rule: string): string {
  if (expression.type === "BinaryExpression" && COMPARISONS.has(expression.operator)) {
    const { left } = expression as BinaryExpression;
    return `${text.slice(0, left.start)}(${rule}.value = ${text.slice(left.start, left.end)})${text.slice(left.end)}`;
  }
  return `${rule}.value = (${text}\n)`;
}
