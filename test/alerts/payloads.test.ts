import { describe, expect, it } from "vitest";
import {
  alertmanagerBody,
  slackBody,
  webhookBody,
  ZERO_TIME,
  type AlertNotification,
  type NotifiedAlert,
} from "../../server/alerts/payloads.ts";

const T = Date.UTC(2024, 4, 1, 12, 0, 0);

const alert = (key: string, status: "firing" | "resolved", value: number): NotifiedAlert => ({
  status,
  labels: { alertname: "feature-drift", workbook: "credit.md", severity: "warning", feature: key },
  annotations: { summary: `${key} drifted: ${value}`, runbook: "https://wiki/drift" },
  startsAt: T,
  endsAt: status === "resolved" ? T + 3_600_000 : null,
  fingerprint: `${key}-fingerprint`,
  key,
  value,
});

const notification: AlertNotification = {
  ruleId: "credit.md#feature-drift",
  rule: "feature-drift",
  workbook: "credit.md",
  link: "http://localhost:4000/w/credit.md",
  alerts: [alert("age", "firing", 0.31), alert("income", "resolved", 0.02)],
};

describe("webhookBody", () => {
  it("has Alertmanager's webhook v4 fields, plus workbook, value and link", () => {
    const body = webhookBody(notification, "ml-oncall", "http://localhost:4000");
    expect(Object.keys(body).sort()).toEqual(
      [
        "version",
        "groupKey",
        "truncatedAlerts",
        "status",
        "receiver",
        "groupLabels",
        "commonLabels",
        "commonAnnotations",
        "externalURL",
        "alerts",
        "workbook",
        "value",
        "link",
      ].sort(),
    );
    expect(body.version).toBe("4");
    expect(body.groupKey).toBe('{}:{alertname="feature-drift", workbook="credit.md"}');
    expect(body.truncatedAlerts).toBe(0);
    expect(body.status).toBe("firing");
    expect(body.receiver).toBe("ml-oncall");
    expect(body.groupLabels).toEqual({ alertname: "feature-drift", workbook: "credit.md" });
    expect(body.commonLabels).toEqual({ alertname: "feature-drift", workbook: "credit.md", severity: "warning" });
    expect(body.commonAnnotations).toEqual({ runbook: "https://wiki/drift" });
    expect(body.externalURL).toBe("http://localhost:4000");
    expect(body.workbook).toBe("credit.md");
    expect(body.value).toEqual({ age: 0.31, income: 0.02 });
    expect(body.link).toBe("http://localhost:4000/w/credit.md");
    expect(body.alerts).toEqual([
      {
        status: "firing",
        labels: { alertname: "feature-drift", workbook: "credit.md", severity: "warning", feature: "age" },
        annotations: { summary: "age drifted: 0.31", runbook: "https://wiki/drift" },
        startsAt: "2024-05-01T12:00:00.000Z",
        endsAt: ZERO_TIME,
        generatorURL: "http://localhost:4000/w/credit.md",
        fingerprint: "age-fingerprint",
        value: 0.31,
      },
      {
        status: "resolved",
        labels: { alertname: "feature-drift", workbook: "credit.md", severity: "warning", feature: "income" },
        annotations: { summary: "income drifted: 0.02", runbook: "https://wiki/drift" },
        startsAt: "2024-05-01T12:00:00.000Z",
        endsAt: "2024-05-01T13:00:00.000Z",
        generatorURL: "http://localhost:4000/w/credit.md",
        fingerprint: "income-fingerprint",
        value: 0.02,
      },
    ]);
  });

  it("is resolved when every alert is, and gives a plain rule's value as it is", () => {
    const { key: _key, ...plain } = alert("x", "resolved", 0.1);
    const body = webhookBody({ ...notification, link: undefined, alerts: [plain] }, "r");
    expect(body).toMatchObject({ status: "resolved", value: 0.1, link: null, externalURL: "" });
    expect(body.alerts[0].generatorURL).toBe("");
  });
});

describe("alertmanagerBody", () => {
  it("gives each alert as a postableAlert: a firing one valid until the given time, a resolved one ended when it resolved", () => {
    expect(alertmanagerBody(notification, T + 240_000)).toEqual([
      {
        labels: { alertname: "feature-drift", workbook: "credit.md", severity: "warning", feature: "age" },
        annotations: { summary: "age drifted: 0.31", runbook: "https://wiki/drift", value: "0.31" },
        startsAt: "2024-05-01T12:00:00.000Z",
        endsAt: "2024-05-01T12:04:00.000Z",
        generatorURL: "http://localhost:4000/w/credit.md",
      },
      {
        labels: { alertname: "feature-drift", workbook: "credit.md", severity: "warning", feature: "income" },
        annotations: { summary: "income drifted: 0.02", runbook: "https://wiki/drift", value: "0.02" },
        startsAt: "2024-05-01T12:00:00.000Z",
        endsAt: "2024-05-01T13:00:00.000Z",
        generatorURL: "http://localhost:4000/w/credit.md",
      },
    ]);
  });

  it("leaves out generatorURL without a link, and gives a value as text", () => {
    const [body] = alertmanagerBody(
      { ...notification, link: undefined, alerts: [{ ...alert("x", "firing", 0), value: { share: 0.4 } }] },
      T,
    );
    expect(body).not.toHaveProperty("generatorURL");
    expect(body.annotations.value).toBe('{"share":0.4}');
  });
});

describe("slackBody", () => {
  it("says what fires in text and blocks, escaping Slack's markup characters", () => {
    const body = slackBody({
      ...notification,
      alerts: [{ ...alert("age", "firing", 0.3), annotations: { summary: "<b>&" } }],
    });
    expect(body.text).toBe("[FIRING:1] feature-drift (warning) — credit.md");
    expect(body.blocks).toEqual([
      { type: "section", text: { type: "mrkdwn", text: "*[FIRING:1] feature-drift (warning)*\n🔴 &lt;b&gt;&amp;" } },
      {
        type: "context",
        elements: [{ type: "mrkdwn", text: "Workbook <http://localhost:4000/w/credit.md|credit.md>" }],
      },
    ]);
  });

  it("caps the lines of a large group", () => {
    const alerts = Array.from({ length: 25 }, (_, index) => alert(`f${index}`, "resolved", 0));
    const text = (slackBody({ ...notification, alerts }).blocks[0] as { text: { text: string } }).text.text;
    expect(text.split("\n")).toHaveLength(22);
    expect(text.startsWith("*[RESOLVED] feature-drift (warning)*")).toBe(true);
    expect(text.endsWith("… and 5 more")).toBe(true);
  });
});
