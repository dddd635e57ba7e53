/**
 * A rule's `message` template, filled per instance: `{{value}}`, `{{key}}`, `{{alert}}`,
 * `{{severity}}`, `{{status}}`, `{{workbook}}`, `{{labels.team}}`, and whatever the caller
 * adds (the front matter's `model`, `params.window`…). A placeholder that names nothing stays
 * as written, so a typo shows in the notification instead of vanishing.
 */

const PLACEHOLDER = /\{\{\s*([A-Za-z_$][\w$-]*(?:\.[\w$-]+)*)\s*\}\}/g;

export function renderMessage(template: string, context: Record<string, unknown>): string {
  return template.replace(PLACEHOLDER, (placeholder, path: string) => {
    let value: unknown = context;
    for (const part of path.split(".")) {
      if (typeof value !== "object" || value === null || !Object.hasOwn(value, part)) return placeholder;
      value = (value as Record<string, unknown>)[part];
    }
    return formatValue(value);
  });
}

/** What a rule's message templates are filled from, besides the caller's own names. */
export interface MessageSubject {
  rule: { name: string; workbook: string; severity?: string; message?: string; each?: unknown };
  /** The instance's key ("" for a plain rule's one instance). */
  instance: string;
  value: unknown;
  labels: Record<string, string>;
  /** `firing`/`resolved` in a notification, the instance's state beside an output. */
  status: string;
}

/** The rule's `message` for one instance, filled; undefined when the rule has none. */
export function ruleMessage(subject: MessageSubject, templateData: Record<string, unknown> = {}): string | undefined {
  const { rule, instance, value, labels, status } = subject;
  if (rule.message === undefined) return undefined;
  const key = rule.each ? instance : undefined;
  const context = {
    ...templateData,
    alert: rule.name,
    workbook: rule.workbook,
    severity: rule.severity,
    status,
    key,
    value,
    labels,
  };
  return renderMessage(rule.message, context);
}

/** The summary when a rule has no `message`: `inputs-drifted: value 0.4`, `feature-drift age: value 0.31`. */
export function defaultMessage(context: { alert: string; key?: string; value: unknown }): string {
  return `${context.alert}${context.key ? ` ${context.key}` : ""}: value ${formatValue(context.value)}`;
}

/** Numbers to four significant digits, missing values as `no data`, objects as JSON cut to 200 characters. */
export function formatValue(value: unknown): string {
  if (value === null || value === undefined) return "no data";
  if (typeof value === "number") return Number.isFinite(value) ? String(Number(value.toPrecision(4))) : String(value);
  if (typeof value === "string") return value;
  const text = JSON.stringify(value) ?? String(value);
  return text.length > 200 ? `${text.slice(0, 200)}…` : text;
}
