/**
 * A small MLflow-compatible tracking server for tests (no MLflow server can be installed here):
 * a real HTTP server that answers the calls Driftbook's export makes and checks each request
 * against MLflow's documented REST API (https://mlflow.org/docs/latest/rest-api.html): the
 * method, the field names and types, the key rules of mlflow/utils/validation.py and
 * log-batch's limits (≤ 1000 metrics, ≤ 100 params, ≤ 100 tags, ≤ 1000 in all). A request that
 * breaks them is answered 400 INVALID_PARAMETER_VALUE, as MLflow does, and kept in `violations`.
 */
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

export interface RecordedMetric {
  key: string;
  value: number;
  timestamp: number;
  step: number;
}

export interface RecordedRun {
  runId: string;
  experimentId: string;
  runName?: string;
  startTime?: number;
  tags: Record<string, string>;
  metrics: RecordedMetric[];
}

export interface MlflowRecorder {
  url: string;
  experiments: Map<string, string>; // name → id
  runs: Map<string, RecordedRun>;
  /** Every call, as `METHOD endpoint`. */
  calls: string[];
  violations: string[];
  /** A later call to `endpoint`, after `skip` more that succeed, is answered with `status` and TEMPORARILY_UNAVAILABLE. */
  failCall(endpoint: string, status: number, skip?: number): void;
  close(): Promise<void>;
}

type Json = Record<string, unknown>;

class Violation extends Error {}

const KEY = /^[/\w.\- ]*$/; // mlflow/utils/validation.py, _VALID_PARAM_AND_METRIC_NAMES
const MAX_KEY_LENGTH = 250;
const LIMITS = { metrics: 1000, params: 100, tags: 100, total: 1000 };

export async function startMlflowRecorder(): Promise<MlflowRecorder> {
  const experiments = new Map<string, string>();
  const runs = new Map<string, RecordedRun>();
  const calls: string[] = [];
  const violations: string[] = [];
  const failures = new Map<string, { status: number; skip: number }>();

  const endpoints: Record<string, { method: "GET" | "POST"; answer: (body: Json, query: URLSearchParams) => Json }> = {
    "experiments/get-by-name": {
      method: "GET",
      answer: (_body, query) => {
        const name = query.get("experiment_name");
        if (!name) throw new Violation("experiment_name is required");
        const id = experiments.get(name);
        if (id === undefined) throw new NotFound(`Could not find experiment with name '${name}'`);
        return {
          experiment: {
            experiment_id: id,
            name,
            lifecycle_stage: "active",
            artifact_location: `mlflow-artifacts:/${id}`,
          },
        };
      },
    },
    "experiments/create": {
      method: "POST",
      answer: (body) => {
        fields(body, { name: "string", artifact_location: "string?", tags: "tags?" });
        const name = body.name as string;
        if (!name) throw new Violation("name must not be empty");
        if (experiments.has(name)) throw new Violation(`Experiment '${name}' already exists.`);
        const id = String(experiments.size + 1);
        experiments.set(name, id);
        return { experiment_id: id };
      },
    },
    "runs/create": {
      method: "POST",
      answer: (body) => {
        fields(body, {
          experiment_id: "string?",
          user_id: "string?",
          run_name: "string?",
          start_time: "int64?",
          tags: "tags?",
        });
        const experimentId = (body.experiment_id as string | undefined) ?? "0";
        if (![...experiments.values()].includes(experimentId))
          throw new NotFound(`No Experiment with id=${experimentId} exists`);
        const runId = `run${runs.size + 1}`.padEnd(32, "0");
        const tags = Object.fromEntries(
          ((body.tags ?? []) as { key: string; value: string }[]).map((t) => [t.key, t.value]),
        );
        runs.set(runId, {
          runId,
          experimentId,
          runName: body.run_name as string | undefined,
          startTime: body.start_time as number | undefined,
          tags,
          metrics: [],
        });
        return {
          run: {
            info: {
              run_id: runId,
              run_uuid: runId,
              experiment_id: experimentId,
              status: "RUNNING",
              lifecycle_stage: "active",
            },
            data: { tags: Object.entries(tags).map(([key, value]) => ({ key, value })) },
          },
        };
      },
    },
    "runs/log-batch": {
      method: "POST",
      answer: (body) => {
        fields(body, { run_id: "string", metrics: "array?", params: "array?", tags: "tags?" });
        const metrics = (body.metrics ?? []) as Json[];
        const params = (body.params ?? []) as Json[];
        const tags = (body.tags ?? []) as Json[];
        if (metrics.length > LIMITS.metrics)
          throw new Violation(
            `A batch logging request can contain at most ${LIMITS.metrics} metrics. Got ${metrics.length} metrics.`,
          );
        if (params.length > LIMITS.params || tags.length > LIMITS.tags)
          throw new Violation("too many params or tags in one batch");
        if (metrics.length + params.length + tags.length > LIMITS.total)
          throw new Violation(`at most ${LIMITS.total} entities in one batch`);
        for (const metric of metrics) {
          fields(metric, { key: "string", value: "double", timestamp: "int64", step: "int64?" });
          metricKey(metric.key as string);
        }
        const run = runs.get(body.run_id as string);
        if (!run) throw new NotFound(`Run '${String(body.run_id)}' not found`);
        run.metrics.push(...(metrics as unknown as RecordedMetric[]).map((m) => ({ ...m, step: m.step ?? 0 })));
        return {};
      },
    },
  };

  const server = createServer((req, res) => {
    void handle(req, res);
  });

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? "/", "http://recorder");
    const endpoint = url.pathname.replace(/^\/api\/2\.0\/mlflow\//, "");
    calls.push(`${req.method} ${endpoint}`);
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const send = (status: number, json: Json) => {
      res.writeHead(status, { "content-type": "application/json" }).end(JSON.stringify(json));
    };
    const failure = failures.get(endpoint);
    if (failure && failure.skip-- === 0) {
      failures.delete(endpoint);
      return send(failure.status, {
        error_code: "TEMPORARILY_UNAVAILABLE",
        message: "the recorder was told to fail this call",
      });
    }
    try {
      const spec = endpoints[endpoint];
      if (!spec || !url.pathname.startsWith("/api/2.0/mlflow/")) throw new NotFound(`no endpoint ${url.pathname}`);
      if (req.method !== spec.method) throw new Violation(`${endpoint} takes ${spec.method}, got ${req.method}`);
      let body: Json = {};
      if (spec.method === "POST") {
        if (!/^application\/json/.test(req.headers["content-type"] ?? "")) throw new Violation("send application/json");
        body = JSON.parse(Buffer.concat(chunks).toString("utf8")) as Json;
      }
      send(200, spec.answer(body, url.searchParams));
    } catch (error) {
      if (error instanceof NotFound)
        return send(404, { error_code: "RESOURCE_DOES_NOT_EXIST", message: error.message });
      violations.push(`${endpoint}: ${(error as Error).message}`);
      send(400, { error_code: "INVALID_PARAMETER_VALUE", message: (error as Error).message });
    }
  }

  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    experiments,
    runs,
    calls,
    violations,
    failCall: (endpoint, status, skip = 0) => failures.set(endpoint, { status, skip }),
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

class NotFound extends Error {}

type FieldType = "string" | "int64" | "double" | "array" | "tags";

/** Checks that `body` has exactly these fields (a `?` marks an optional one) of these protobuf JSON types. */
function fields(body: unknown, spec: Record<string, `${FieldType}` | `${FieldType}?`>): void {
  if (typeof body !== "object" || body === null || Array.isArray(body)) throw new Violation("expected a JSON object");
  for (const name of Object.keys(body)) if (!(name in spec)) throw new Violation(`unknown field "${name}"`);
  for (const [name, type] of Object.entries(spec)) {
    const value = (body as Json)[name];
    if (value === undefined) {
      if (!type.endsWith("?")) throw new Violation(`missing field "${name}"`);
      continue;
    }
    const ok = {
      string: () => typeof value === "string",
      int64: () => Number.isSafeInteger(value) || (typeof value === "string" && /^-?\d+$/.test(value)),
      double: () => typeof value === "number" || ["NaN", "Infinity", "-Infinity"].includes(value as string),
      array: () => Array.isArray(value),
      tags: () =>
        Array.isArray(value) &&
        value.every((tag: unknown) => {
          fields(tag, { key: "string", value: "string" });
          return true;
        }),
    }[type.replace("?", "") as FieldType]();
    if (!ok) throw new Violation(`field "${name}" must be ${type.replace("?", "")}, got ${JSON.stringify(value)}`);
  }
}

function metricKey(key: string): void {
  if (!KEY.test(key))
    throw new Violation(
      `Invalid metric name: '${key}'. Names may only contain alphanumerics, underscores (_), dashes (-), periods (.), spaces ( ), and slashes (/).`,
    );
  if (key.length > MAX_KEY_LENGTH) throw new Violation(`metric key longer than ${MAX_KEY_LENGTH}`);
  // validation.py's path_not_unique: posixpath.normpath(key) must give the key back.
  if (key.startsWith("/") || key.split("/").some((part) => part === "" || part === "." || part === ".."))
    throw new Violation(`Invalid metric name: '${key}'. Names must be normalized relative paths.`);
}
