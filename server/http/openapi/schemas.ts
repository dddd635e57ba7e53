/**
 * The JSON Schemas (2020-12, as OpenAPI 3.1 uses them) of what the REST API sends and takes,
 * written after the TypeScript types they describe (named in each comment). Objects are closed
 * (`additionalProperties: false`) so a field added or renamed in code without its schema fails
 * the test that validates real answers (test/http/openapi.test.ts); an open one says why.
 */

export type Schema = Record<string, unknown>;

export const ref = (name: string): Schema => ({ $ref: `#/components/schemas/${name}` });

/** A closed object: these properties required, those optional. */
export function object(required: Record<string, Schema>, optional: Record<string, Schema> = {}): Schema {
  return {
    type: "object",
    ...(Object.keys(required).length > 0 && { required: Object.keys(required) }),
    properties: { ...required, ...optional },
    additionalProperties: false,
  };
}

export const text: Schema = { type: "string" };
export const integer: Schema = { type: "integer" };
export const number: Schema = { type: "number" };
export const boolean: Schema = { type: "boolean" };
export const epochMs: Schema = { type: "integer", description: "epoch milliseconds" };
export const orNull = (schema: Schema): Schema => ({ anyOf: [schema, { type: "null" }] });
export const arrayOf = (items: Schema): Schema => ({ type: "array", items });
export const oneOf = (...values: string[]): Schema => ({ type: "string", enum: values });
export const textMap: Schema = { type: "object", additionalProperties: text };
/** A JSON value of any kind (a parameter, an alert's value). */
export const anyValue: Schema = {};

const alertState = oneOf("normal", "pending", "firing", "resolved", "nodata", "error");
const cellKind = oneOf("js", "sql", "alert");
const position = { line: integer, column: integer, cellIndex: integer };

export const SCHEMAS: Record<string, Schema> = {
  /** Every error: HttpError and BatchError (http/app.ts errorHandler). */
  Error: {
    type: "object",
    required: ["error"],
    properties: {
      error: { type: "string", description: "what went wrong and what to do" },
      field: { type: "string", description: "the field, parameter or header to fix" },
      row: { type: "integer", description: "the 1-based row of a batch" },
      line: { type: "integer", description: "the 1-based line of a body" },
      current: { description: "a save's conflict: the version on disk" },
      runId: { type: "integer", description: "run-now's conflict: the run still going" },
    },
    additionalProperties: false,
  },
  /** store/columns.ts Column. */
  Column: object({
    name: text,
    type: text,
    role: oneOf("id", "ts", "prediction", "score", "label", "probability", "feature"),
  }),
  /** store/modelSummary.ts ModelSummary. */
  ModelSummary: object({
    name: text,
    columns: arrayOf(ref("Column")),
    rows: integer,
    from: orNull(epochMs),
    to: orNull(epochMs),
    labelCoverage: { type: "number", minimum: 0, maximum: 1 },
    referenceRows: orNull(integer),
    references: arrayOf(text),
    version: integer,
    profiles: oneOf("current", "rebuild-needed"),
  }),
  /** store/references.ts ReferenceVersion. */
  ReferenceVersion: object({
    name: text,
    version: integer,
    table: text,
    createdAt: orNull(epochMs),
    replacedAt: orNull(epochMs),
    rows: integer,
  }),
  /** store/modelSettings.ts settingsJson. */
  ModelSettings: object(
    {
      model: text,
      bucket: text,
      segments: arrayOf(text),
      segmentCap: integer,
      tz: orNull(text),
      retention: object({ rows: orNull(text), profiles: orNull(text) }),
      profiles: oneOf("current", "rebuild-needed"),
    },
    { message: text },
  ),
  /** protocol/runs.ts RunRecord. */
  RunRecord: object(
    {
      id: integer,
      workbook: text,
      version: text,
      params: { type: "object" },
      trigger: oneOf("schedule", "cli", "manual", "data"),
      production: boolean,
      startedAt: epochMs,
      durationMs: integer,
      status: oneOf("running", "ok", "failed", "timeout", "skipped", "interrupted"),
      cells: arrayOf(object({ index: integer, kind: text, status: text, ms: number }, { name: text })),
      errors: arrayOf(object({ message: text }, position)),
      alerts: arrayOf(ref("AlertTransition")),
    },
    { gitCommit: text, asOf: epochMs, server: text, reportPath: text },
  ),
  /** protocol/alerts.ts AlertTransition (with `id` as the history stores it). */
  AlertTransition: object(
    {
      ruleId: text,
      workbook: text,
      rule: text,
      instance: text,
      labels: textMap,
      from: alertState,
      to: alertState,
      value: anyValue,
      at: epochMs,
      trigger: oneOf("data", "schedule", "cli", "manual", "edit"),
      notification: oneOf("none", "pending", "sent", "failed", "superseded", "silenced", "preview"),
      attempts: integer,
    },
    { id: integer, reason: text, deliveryError: text },
  ),
  /** protocol/alerts.ts AlertInstanceView, and the store's hash of the rule's definition (alerts/state.ts). */
  AlertInstance: object(
    {
      ruleId: text,
      workbook: text,
      rule: text,
      instance: text,
      labels: textMap,
      state: alertState,
      since: epochMs,
      pendingCount: integer,
      activeSince: orNull(epochMs),
      lastValue: anyValue,
      lastNotifiedAt: orNull(epochMs),
      lastEvaluatedAt: epochMs,
      silencedBy: arrayOf(text),
    },
    { definitionHash: { type: "string", description: "changes when the rule's definition changes" } },
  ),
  Matcher: object({ name: text, op: oneOf("=", "!=", "=~", "!~"), value: text }),
  /** protocol/alerts.ts SilenceView. */
  Silence: object(
    {
      id: text,
      matchers: arrayOf(ref("Matcher")),
      startsAt: epochMs,
      endsAt: epochMs,
      comment: text,
      createdAt: epochMs,
      status: oneOf("pending", "active", "expired"),
    },
    { createdBy: text },
  ),
  /** The body of POST /api/v1/alerts/silences: a duration or an end. */
  SilenceRequest: {
    ...object(
      { matchers: arrayOf(ref("Matcher")), comment: { type: "string", minLength: 1 } },
      {
        duration: { type: ["string", "integer"], description: "such as 2h, or milliseconds" },
        endsAt: { type: ["string", "integer"], description: "ISO 8601 or epoch ms" },
        startsAt: { type: ["string", "integer"], description: "ISO 8601 or epoch ms; default now" },
        createdBy: text,
      },
    ),
    oneOf: [{ required: ["duration"] }, { required: ["endsAt"] }],
  },
  /** protocol/shares.ts Share, and CreatedShare with its path and url. */
  Share: object(
    { id: text, workbook: text, createdAt: epochMs, expiresAt: epochMs, downloads: boolean },
    { lastAccessAt: epochMs },
  ),
  CreatedShare: object(
    { id: text, workbook: text, createdAt: epochMs, expiresAt: epochMs, downloads: boolean, path: text, url: text },
    { lastAccessAt: epochMs },
  ),
  /** protocol/messages.ts WorkbookSummary. */
  WorkbookSummary: object(
    { path: text, title: text, problems: integer },
    {
      schedule: text,
      scheduleError: text,
      lastRun: object({ status: text, startedAt: epochMs }),
      nextRun: epochMs,
      model: text,
      alertState,
      git: oneOf("clean", "modified", "untracked", "added", "deleted"),
    },
  ),
  /** protocol/messages.ts WorkbookFile. */
  WorkbookFile: object({
    path: text,
    version: text,
    text: text,
    frontMatter: text,
    title: text,
    blocks: arrayOf({
      oneOf: [
        object({ type: { const: "prose" }, markdown: text }),
        object(
          {
            type: { const: "cell" },
            index: integer,
            kind: cellKind,
            options: { type: "object", additionalProperties: { type: ["string", "boolean"] } },
            opening: text,
            source: text,
            closing: text,
          },
          { name: text },
        ),
      ],
    }),
    problems: arrayOf(object({ line: integer, message: text }, { column: integer, cellIndex: integer })),
  }),
  /** A save's answer (also a rename's and a restore's, without or with the version). */
  Saved: object({ path: text }, { version: text }),
  /** export/metricTable.ts MetricExport. */
  MetricExport: object({
    workbook: text,
    since: epochMs,
    points: arrayOf(object({ id: integer, run: integer, name: text, value: number, labels: textMap, at: epochMs })),
  }),
};
