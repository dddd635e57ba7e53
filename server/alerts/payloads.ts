/**
 * What each channel receives, pure. A notification carries the alerts of one rule that are due
 * a notification in one evaluation (all its instances that fired or resolved, and reminders),
 * so an `each` rule whose twenty features drift at once sends one message, not twenty.
 */

export interface NotifiedAlert {
  status: "firing" | "resolved";
  labels: Record<string, string>;
  annotations: Record<string, string>;
  /** Epoch ms when the alert started firing. */
  startsAt: number;
  /** Epoch ms when it resolved; null while firing. */
  endsAt: number | null;
  fingerprint: string;
  /** The instance's key in an `each` rule. */
  key?: string;
  value: unknown;
}

export interface AlertNotification {
  ruleId: string;
  rule: string;
  workbook: string;
  /** A link to the workbook (generatorURL). */
  link?: string;
  alerts: NotifiedAlert[];
}

/** Prometheus Alertmanager's webhook body (version 4), plus `workbook`, `value` and `link`. */
export interface WebhookBody {
  version: "4";
  groupKey: string;
  truncatedAlerts: number;
  status: "firing" | "resolved";
  receiver: string;
  groupLabels: Record<string, string>;
  commonLabels: Record<string, string>;
  commonAnnotations: Record<string, string>;
  externalURL: string;
  alerts: {
    status: "firing" | "resolved";
    labels: Record<string, string>;
    annotations: Record<string, string>;
    startsAt: string;
    endsAt: string;
    generatorURL: string;
    fingerprint: string;
    value: unknown;
  }[];
  workbook: string;
  /** A plain rule's value; for an `each` rule, an object of instance key → value. */
  value: unknown;
  link: string | null;
}

/** Alertmanager's "no end time" for firing alerts. */
export const ZERO_TIME = "0001-01-01T00:00:00Z";

/** The body for channel `receiver`; `status` is firing when any alert fires. */
export function webhookBody(notification: AlertNotification, receiver: string, externalURL = ""): WebhookBody {
  const { alerts } = notification;
  const groupLabels = { alertname: notification.rule, workbook: notification.workbook };
  const keyed = alerts.some((alert) => alert.key !== undefined);
  return {
    version: "4",
    groupKey: `{}:{${Object.entries(groupLabels)
      .map(([name, value]) => `${name}=${JSON.stringify(value)}`)
      .join(", ")}}`,
    truncatedAlerts: 0,
    status: overallStatus(notification),
    receiver,
    groupLabels,
    commonLabels: common(alerts.map((alert) => alert.labels)),
    commonAnnotations: common(alerts.map((alert) => alert.annotations)),
    externalURL,
    alerts: alerts.map((alert) => ({
      status: alert.status,
      labels: alert.labels,
      annotations: alert.annotations,
      startsAt: new Date(alert.startsAt).toISOString(),
      endsAt: alert.endsAt === null ? ZERO_TIME : new Date(alert.endsAt).toISOString(),
      generatorURL: notification.link ?? "",
      fingerprint: alert.fingerprint,
      value: alert.value,
    })),
    workbook: notification.workbook,
    value: keyed
      ? Object.fromEntries(alerts.map((alert) => [alert.key ?? "", alert.value]))
      : (alerts[0]?.value ?? null),
    link: notification.link ?? null,
  };
}

/** One alert as Alertmanager's API v2 takes it: `postableAlert` in its api/v2/openapi.yaml. */
export interface PostableAlert {
  labels: Record<string, string>;
  annotations: Record<string, string>;
  startsAt: string;
  endsAt: string;
  generatorURL?: string;
}

/**
 * The body of a POST to Alertmanager's `/api/v2/alerts`: a JSON array of alerts, identified
 * (and deduplicated) by their labels. Alertmanager resolves an alert that is not posted again
 * before its `endsAt`, so a firing alert's `endsAt` is `validUntil` and the sender re-posts it
 * while it fires, as Prometheus does (rules/alerting.go: ValidUntil = now + 4 × max(resend
 * delay, evaluation interval)); a resolved alert's `endsAt` is when it resolved.
 */
export function alertmanagerBody(notification: AlertNotification, validUntil: number): PostableAlert[] {
  return notification.alerts.map((alert) => ({
    labels: alert.labels,
    annotations: {
      ...alert.annotations,
      value: typeof alert.value === "string" ? alert.value : JSON.stringify(alert.value ?? null),
    },
    startsAt: new Date(alert.startsAt).toISOString(),
    endsAt: new Date(alert.status === "resolved" && alert.endsAt !== null ? alert.endsAt : validUntil).toISOString(),
    ...(notification.link && { generatorURL: notification.link }),
  }));
}

/** Most alert lines in one Slack message; Slack caps a section's text at 3000 characters. */
const SLACK_LINES = 20;

/** A Slack incoming-webhook body: `text` (the notification fallback) and `blocks`. */
export function slackBody(notification: AlertNotification): { text: string; blocks: unknown[] } {
  const status = overallStatus(notification);
  const firing = notification.alerts.filter((alert) => alert.status === "firing").length;
  const severity = notification.alerts[0]?.labels.severity;
  const title = `[${status === "firing" ? `FIRING:${firing}` : "RESOLVED"}] ${notification.rule}${severity ? ` (${severity})` : ""}`;
  const lines = notification.alerts.slice(0, SLACK_LINES).map((alert) => {
    const mark = alert.status === "firing" ? "🔴" : "✅";
    return `${mark} ${slackEscape(alert.annotations.summary ?? alert.key ?? notification.rule)}`;
  });
  const more = notification.alerts.length - SLACK_LINES;
  if (more > 0) lines.push(`… and ${more} more`);
  const where = notification.link
    ? `<${notification.link}|${slackEscape(notification.workbook)}>`
    : slackEscape(notification.workbook);
  return {
    text: `${title} — ${notification.workbook}`,
    blocks: [
      { type: "section", text: { type: "mrkdwn", text: `*${slackEscape(title)}*\n${lines.join("\n")}` } },
      { type: "context", elements: [{ type: "mrkdwn", text: `Workbook ${where}` }] },
    ],
  };
}

function overallStatus({ alerts }: AlertNotification): "firing" | "resolved" {
  return alerts.some((alert) => alert.status === "firing") ? "firing" : "resolved";
}

/** The pairs every map has, with equal values. */
function common(maps: Record<string, string>[]): Record<string, string> {
  const [first, ...rest] = maps;
  if (!first) return {};
  return Object.fromEntries(Object.entries(first).filter(([name, value]) => rest.every((map) => map[name] === value)));
}

/** Slack's mrkdwn needs &, < and > escaped; everything else is text. */
function slackEscape(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
}
