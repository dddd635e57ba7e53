/**
 * Notification channels, configured outside the workbooks in `driftbook.config.json` so no URL
 * or secret lives in a reviewed file:
 *
 *   {"channels": {"ml-oncall": {"type": "webhook", "url": "${ONCALL_URL}"},
 *                 "team": {"type": "slack", "url": "https://hooks.slack.com/…"},
 *                 "am": {"type": "alertmanager", "url": "http://am:9093", "basicAuth": {"username": "driftbook", "password": "${AM_PASSWORD}"}},
 *                 "audit": {"type": "log", "path": "alerts.log"}}}
 *
 * `${VAR}` in any string reads the environment. A channel that reads an unset variable is
 * unavailable, not an error: the server starts (a fresh project's template names variables
 * nobody has set yet), says so, and each alert sent to that channel fails with the reason.
 * A log path is relative to the config file's folder. Every error names the field.
 */
import { readFile } from "node:fs/promises";
import { dirname, resolve } from "node:path";

export type ChannelConfig =
  | { type: "webhook"; url: string; headers: Record<string, string> }
  /** `url` is Alertmanager's base URL; `basicAuth` becomes an authorization header. */
  | { type: "alertmanager"; url: string; headers: Record<string, string> }
  | { type: "slack"; url: string }
  | { type: "log"; path: string };

export interface AlertConfig {
  channels: Record<string, ChannelConfig>;
  /** Channels that cannot be used, by name: why (an environment variable they read is not set). */
  unavailable?: Record<string, string>;
}

export class ConfigError extends Error {
  constructor(
    message: string,
    readonly field: string,
  ) {
    super(message);
    this.name = "ConfigError";
  }
}

const DEFAULT_CONFIG_FILE = "driftbook.config.json";

const CHANNEL_KEYS: Record<ChannelConfig["type"], string[]> = {
  webhook: ["type", "url", "headers"],
  alertmanager: ["type", "url", "headers", "basicAuth"],
  slack: ["type", "url"],
  log: ["type", "path"],
};

/**
 * Reads the config file: `path` when given (it must exist), else `driftbook.config.json` in
 * `cwd`, whose absence means no channels.
 */
export async function loadAlertConfig(
  options: { path?: string; cwd?: string; env?: NodeJS.ProcessEnv } = {},
): Promise<AlertConfig> {
  const file = resolve(options.cwd ?? process.cwd(), options.path ?? DEFAULT_CONFIG_FILE);
  let text: string;
  try {
    text = await readFile(file, "utf8");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT" && options.path === undefined) return { channels: {} };
    throw new ConfigError(`cannot read the config file ${file}: ${(error as Error).message}`, "file");
  }
  return parseAlertConfig(text, { env: options.env ?? process.env, baseDir: dirname(file), file });
}

export function parseAlertConfig(
  text: string,
  context: { env: NodeJS.ProcessEnv; baseDir: string; file: string },
): AlertConfig {
  const fail = (field: string, message: string): never => {
    throw new ConfigError(`${context.file}: \`${field}\` ${message}`, field);
  };
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    throw new ConfigError(`${context.file}: invalid JSON: ${(error as Error).message}`, "file");
  }
  if (!isObject(data)) return fail("(root)", 'must be a JSON object such as {"channels": {…}}');
  for (const key of Object.keys(data)) if (key !== "channels") fail(key, "is not a known setting; known: channels");
  const channels: Record<string, ChannelConfig> = {};
  const unavailable: Record<string, string> = {};
  if (data.channels === undefined) return { channels };
  if (!isObject(data.channels)) return fail("channels", "must be an object of channel names to {type, …}");
  for (const [name, raw] of Object.entries(data.channels)) {
    const field = `channels.${name}`;
    if (!isObject(raw)) return fail(field, "must be an object {type, …}");
    const type = raw.type as ChannelConfig["type"];
    if (!Object.hasOwn(CHANNEL_KEYS, type)) return fail(`${field}.type`, "must be webhook, alertmanager, slack or log");
    for (const key of Object.keys(raw)) {
      if (!CHANNEL_KEYS[type].includes(key))
        fail(`${field}.${key}`, `is not a setting of a ${type} channel; known: ${CHANNEL_KEYS[type].join(", ")}`);
    }
    const string = (key: string): string => {
      const value = raw[key];
      if (typeof value !== "string" || value === "") return fail(`${field}.${key}`, "must be a non-empty string");
      return expand(value, context.env, `${field}.${key}`);
    };
    const url = (key: string): string => {
      const value = string(key);
      if (!/^https?:\/\//i.test(value) || !URL.canParse(value)) fail(`${field}.${key}`, "must be an http(s) URL");
      return value;
    };
    try {
      if (type === "log") channels[name] = { type, path: resolve(context.baseDir, string("path")) };
      else if (type === "slack") channels[name] = { type, url: url("url") };
      else if (type === "webhook")
        channels[name] = {
          type,
          url: url("url"),
          headers: readHeaders(raw.headers, `${field}.headers`, context.env, fail),
        };
      else {
        const headers = readHeaders(raw.headers, `${field}.headers`, context.env, fail);
        const basic = readBasicAuth(raw.basicAuth, `${field}.basicAuth`, context.env, fail);
        channels[name] = { type, url: url("url"), headers: basic ? { ...headers, authorization: basic } : headers };
      }
    } catch (error) {
      if (!(error instanceof UnsetVariable)) throw error;
      unavailable[name] =
        `${context.file}: \`${error.field}\` reads the environment variable ${error.variable}, which is not set`;
    }
  }
  return Object.keys(unavailable).length ? { channels, unavailable } : { channels };
}

/** A setting reads an environment variable that is not set: its channel is unavailable. */
class UnsetVariable extends Error {
  constructor(
    readonly field: string,
    readonly variable: string,
  ) {
    super(`${field} reads ${variable}, which is not set`);
  }
}

function readHeaders(
  raw: unknown,
  field: string,
  env: NodeJS.ProcessEnv,
  fail: (field: string, message: string) => never,
) {
  const headers: Record<string, string> = {};
  if (raw === undefined) return headers;
  if (!isObject(raw)) return fail(field, "must be an object of header names to strings");
  for (const [name, value] of Object.entries(raw)) {
    if (typeof value !== "string") fail(`${field}.${name}`, "must be a string");
    headers[name] = expand(value as string, env, `${field}.${name}`);
  }
  return headers;
}

/** `{username, password}` (each may read `${VAR}`) as a Basic authorization header value. */
function readBasicAuth(
  raw: unknown,
  field: string,
  env: NodeJS.ProcessEnv,
  fail: (field: string, message: string) => never,
): string | undefined {
  if (raw === undefined) return undefined;
  if (!isObject(raw)) return fail(field, "must be an object {username, password}");
  for (const key of Object.keys(raw))
    if (key !== "username" && key !== "password")
      fail(`${field}.${key}`, "is not a setting of basicAuth; known: username, password");
  const [username, password] = (["username", "password"] as const).map((key) => {
    const value = raw[key];
    if (typeof value !== "string" || value === "") return fail(`${field}.${key}`, "must be a non-empty string");
    return expand(value, env, `${field}.${key}`);
  });
  return `Basic ${Buffer.from(`${username}:${password}`).toString("base64")}`;
}

/** `value` with each `${VAR}` replaced by the environment's; UnsetVariable names `field` when one is not set. */
function expand(value: string, env: NodeJS.ProcessEnv, field: string): string {
  return value.replace(/\$\{([A-Za-z_][A-Za-z0-9_]*)\}/g, (_, variable: string) => {
    const found = env[variable];
    if (found === undefined) throw new UnsetVariable(field, variable);
    return found;
  });
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
