/**
 * Label matchers, as Alertmanager's silences use them: `name op value` with `=`, `!=`, `=~`
 * and `!~`; a regular expression must match the whole value; a label an instance lacks counts
 * as the empty string. Every matcher of a list must match (AND).
 */
import type { MatchOperator, Matcher } from "../protocol/index.ts";

export type { MatchOperator, Matcher };

/** An input that is not a list of matchers; `field` names the bad part (`matchers[1].op`). */
export class MatcherError extends Error {
  constructor(
    message: string,
    readonly field: string,
  ) {
    super(message);
  }
}

const OPERATORS: MatchOperator[] = ["=", "!=", "=~", "!~"];
const LABEL_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** Checks `{name, op?, value}` objects (op defaults to `=`); throws a MatcherError naming the field. */
export function parseMatchers(input: unknown, field = "matchers"): Matcher[] {
  if (!Array.isArray(input) || input.length === 0) {
    throw new MatcherError(
      `\`${field}\` must be a non-empty list of {name, op, value}, such as {"name": "alertname", "value": "inputs-drifted"}`,
      field,
    );
  }
  return input.map((item, index) => {
    const at = `${field}[${index}]`;
    if (typeof item !== "object" || item === null)
      throw new MatcherError(`\`${at}\` must be an object {name, op, value}`, at);
    const { name, op = "=", value } = item as Record<string, unknown>;
    if (typeof name !== "string" || !LABEL_NAME.test(name))
      throw new MatcherError(`\`${at}.name\` must be a label name such as alertname, workbook or team`, `${at}.name`);
    if (!OPERATORS.includes(op as MatchOperator))
      throw new MatcherError(`\`${at}.op\` must be one of ${OPERATORS.join(" ")}`, `${at}.op`);
    if (typeof value !== "string") throw new MatcherError(`\`${at}.value\` must be text`, `${at}.value`);
    if (op === "=~" || op === "!~") {
      try {
        anchored(value);
      } catch (error) {
        throw new MatcherError(
          `\`${at}.value\` is not a regular expression: ${(error as Error).message}`,
          `${at}.value`,
        );
      }
    }
    return { name, op: op as MatchOperator, value };
  });
}

export function matchesAll(matchers: Matcher[], labels: Record<string, string>): boolean {
  return matchers.every((matcher) => matches(matcher, labels[matcher.name] ?? ""));
}

function matches({ op, value }: Matcher, actual: string): boolean {
  switch (op) {
    case "=":
      return actual === value;
    case "!=":
      return actual !== value;
    case "=~":
      return anchored(value).test(actual);
    case "!~":
      return !anchored(value).test(actual);
    default: {
      const unknown: never = op;
      throw new Error(`unknown matcher operator ${unknown}`);
    }
  }
}

function anchored(pattern: string): RegExp {
  return new RegExp(`^(?:${pattern})$`, "u");
}
