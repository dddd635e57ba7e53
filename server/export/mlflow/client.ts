/**
 * The four calls of MLflow's tracking REST API an export needs
 * (https://mlflow.org/docs/latest/rest-api.html): `experiments/get-by-name`,
 * `experiments/create`, `runs/create` and `runs/log-batch`. Authentication is MLflow's own:
 * a bearer token (MLFLOW_TRACKING_TOKEN) or basic credentials (MLFLOW_TRACKING_USERNAME and
 * _PASSWORD), as the MLflow client reads them. An error answer becomes an MlflowError with
 * MLflow's `error_code` and message.
 */

/** A metric as `runs/log-batch` takes it: `timestamp` in epoch ms, `step` a whole number. */
export interface MlflowMetric {
  key: string;
  value: number;
  timestamp: number;
  step: number;
}

export interface MlflowTag {
  key: string;
  value: string;
}

export interface MlflowAuth {
  token?: string;
  username?: string;
  password?: string;
}

export class MlflowError extends Error {
  constructor(
    message: string,
    /** MLflow's `error_code` (RESOURCE_DOES_NOT_EXIST, INVALID_PARAMETER_VALUE …), when it sent one. */
    readonly code?: string,
  ) {
    super(message);
  }
}

export class MlflowClient {
  private readonly base: string;

  constructor(
    trackingUri: string,
    private readonly auth: MlflowAuth = {},
    private readonly fetchFn: typeof fetch = fetch,
  ) {
    this.base = `${trackingUri.replace(/\/+$/, "")}/api/2.0/mlflow/`;
  }

  /** The id of the experiment named `name`, created when there is none. */
  async experimentId(name: string): Promise<string> {
    try {
      const found = await this.call("GET", `experiments/get-by-name?experiment_name=${encodeURIComponent(name)}`);
      return (found as { experiment: { experiment_id: string } }).experiment.experiment_id;
    } catch (error) {
      if (!(error instanceof MlflowError && error.code === "RESOURCE_DOES_NOT_EXIST")) throw error;
    }
    return ((await this.call("POST", "experiments/create", { name })) as { experiment_id: string }).experiment_id;
  }

  /** Creates a run and returns its id. */
  async createRun(run: {
    experimentId: string;
    runName: string;
    startTime: number;
    tags: MlflowTag[];
  }): Promise<string> {
    const created = (await this.call("POST", "runs/create", {
      experiment_id: run.experimentId,
      run_name: run.runName,
      start_time: run.startTime,
      tags: run.tags,
    })) as { run: { info: { run_id: string } } };
    return created.run.info.run_id;
  }

  /** Logs metrics to a run: at most MAX_METRICS_PER_BATCH per call (metricBatches.ts cuts them). */
  async logBatch(runId: string, metrics: MlflowMetric[]): Promise<void> {
    await this.call("POST", "runs/log-batch", { run_id: runId, metrics });
  }

  private async call(method: "GET" | "POST", endpoint: string, body?: unknown): Promise<unknown> {
    const url = this.base + endpoint;
    let response: Response;
    try {
      response = await this.fetchFn(url, {
        method,
        headers: { ...this.authHeader(), ...(body === undefined ? {} : { "content-type": "application/json" }) },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
    } catch (error) {
      throw new MlflowError(`cannot reach the MLflow tracking server at ${url}: ${(error as Error).message}`);
    }
    const text = await response.text();
    let json: { error_code?: string; message?: string } | undefined;
    try {
      json = text ? JSON.parse(text) : {};
    } catch {
      json = undefined;
    }
    if (response.ok && json) return json;
    const reason = json?.message ?? (text.slice(0, 200) || response.statusText);
    throw new MlflowError(
      `MLflow answered ${response.status} to ${method} ${endpoint.replace(/\?.*/, "")}: ${json?.error_code ? `${json.error_code}: ` : ""}${reason}`,
      json?.error_code,
    );
  }

  private authHeader(): Record<string, string> {
    const { token, username, password } = this.auth;
    if (token) return { authorization: `Bearer ${token}` };
    if (username !== undefined)
      return { authorization: `Basic ${Buffer.from(`${username}:${password ?? ""}`).toString("base64")}` };
    return {};
  }
}
