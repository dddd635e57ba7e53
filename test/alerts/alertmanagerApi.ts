import type { RequestCheck } from "./receiver.ts";

/**
 * What Alertmanager's API v2 accepts at `POST /api/v2/alerts`, written from its spec
 * (api/v2/openapi.yaml: `postableAlerts` is an array of `postableAlert` = {startsAt, endsAt:
 * date-time; annotations: labelSet} + `alert` = {labels: labelSet (required); generatorURL:
 * uri}; labelSet = string → string) and the checks its handler adds (types/Alert.Validate: at
 * least one label, valid label names, start before end). Independent of Driftbook's code, so a
 * recorder using it refuses (400) what a real Alertmanager would.
 */
const FIELDS = ["labels", "annotations", "startsAt", "endsAt", "generatorURL"];
const RFC3339 = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/;
const LABEL_NAME = /^[a-zA-Z_][a-zA-Z0-9_]*$/;

export const checkPostableAlerts: RequestCheck = (request) => {
  if (request.method !== "POST") return `method ${request.method}, expected POST`;
  if (request.path !== "/api/v2/alerts") return `path ${request.path}, expected /api/v2/alerts`;
  const type = String(request.headers["content-type"] ?? "");
  if (!/^application\/json\b/.test(type)) return `content-type ${type}, expected application/json`;
  const alerts = request.body;
  if (!Array.isArray(alerts)) return "the body must be a JSON array of alerts";
  for (const [index, alert] of alerts.entries()) {
    const problem = alertProblem(alert);
    if (problem) return `alerts[${index}]: ${problem}`;
  }
  return undefined;
};

function alertProblem(alert: unknown): string | undefined {
  if (!isObject(alert)) return "must be an object";
  const unknown = Object.keys(alert).filter((key) => !FIELDS.includes(key));
  if (unknown.length) return `unknown fields ${unknown.join(", ")}`;
  const labels = labelSetProblem(alert.labels, "labels");
  if (labels) return labels;
  if (Object.keys(alert.labels as object).length === 0) return "at least one label pair required";
  if (!(alert.labels as Record<string, string>).alertname) return "labels.alertname is required";
  const invalidName = Object.keys(alert.labels as object).find((name) => !LABEL_NAME.test(name));
  if (invalidName !== undefined) return `invalid label name ${JSON.stringify(invalidName)}`;
  if (alert.annotations !== undefined) {
    const annotations = labelSetProblem(alert.annotations, "annotations");
    if (annotations) return annotations;
  }
  for (const field of ["startsAt", "endsAt"]) {
    const value = alert[field];
    if (value !== undefined && (typeof value !== "string" || !RFC3339.test(value) || Number.isNaN(Date.parse(value))))
      return `${field} must be an RFC 3339 date-time`;
  }
  if (
    typeof alert.startsAt === "string" &&
    typeof alert.endsAt === "string" &&
    Date.parse(alert.endsAt) < Date.parse(alert.startsAt)
  ) {
    return "start time must be before end time";
  }
  if (alert.generatorURL !== undefined && (typeof alert.generatorURL !== "string" || !URL.canParse(alert.generatorURL)))
    return "generatorURL must be a URI";
  return undefined;
}

function labelSetProblem(value: unknown, field: string): string | undefined {
  if (!isObject(value)) return `${field} must be an object of strings`;
  const bad = Object.entries(value).find(([, text]) => typeof text !== "string");
  return bad ? `${field}.${bad[0]} must be a string` : undefined;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
