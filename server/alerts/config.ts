/**
 * Notification channels, configured outside the workbooks in `driftbook.config.json` so no URL
 * or secret lives in a reviewed file:
 *
 *   {"channels": {"ml-oncall": {"type": "webhook", "url": "${ONCALL_URL}"},
 *                 "team": {"type": "slack", "url": "https://hooks.slack.com/…"},
 *                 "audit": {"type": "log", "path": "alerts.log"}}}
 *
 * `${VAR}` in any string reads the environment; an unset variable is an error. A log path is
 * relative to the config file's folder. Every error names the field.
 */
import { readFile } from "node:fs/promises";
import { dirname, resolve } from "node:path";

export type ChannelConfig =
  | { type: "webhook"; url: string; headers: Record<string, string> }
  | { type: "slack"; url: string }
  | { type: "log"; path: string };

export interface AlertConfig {
  channels: Record<string, ChannelConfig>;
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

export const DEFAULT_CONFIG_FILE = "driftbook.config.json";

const CHANNEL_KEYS: Record<ChannelConfig["type"], string[]> = {
  webhook: ["type", "url", "headers"],
  slack: ["type", "url"],
  log: ["type", "path"],
};

/**
 * Reads the config file: `path` when given (it must exist), else `driftbook.config.json` in
 * `cwd`, whose absence means no channels.
 */
export async function loadAlertConfig(options: { path?: string; cwd?: string; env?: NodeJS.ProcessEnv } = {}): Promise<AlertConfig> {
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

export function parseAlertConfig(text: string, context: { env: NodeJS.ProcessEnv; baseDir: string; file: string }): AlertConfig {
  const fail = (field: string, message: string): never => {
    throw new ConfigError(`${context.file}: \`${field}\` ${message}`, field);
  };
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    throw new ConfigError(`${context.file}: invalid JSON: ${(error as Error).message}`, "file");
  }
  if (!isObject(data)) return fail("(root)", "must be a JSON object such as {\"channels\": {…}}");
  for (const key of Object.keys(data)) if (key !== "channels") fail(key, "is not a known setting; known: channels");
  const channels: Record<string, ChannelConfig> = {};
  if (data.channels === undefined) return { channels };
  if (!isObject(data.channels)) return fail("channels", "must be an object of channel names to {type, …}");
  for (const [name, raw] of Object.entries(data.channels)) {
    const field = `channels.${name}`;
    if (!isObject(raw)) return fail(field, "must be an object {type, …}");
    const type = raw.type as ChannelConfig["type"];
    if (!Object.hasOwn(CHANNEL_KEYS, type)) return fail(`${field}.type`, "must be webhook, slack or log");
    for (const key of Object.keys(raw)) {
      if (!CHANNEL_KEYS[type].includes(key)) fail(`${field}.${key}`, `is not a setting of a ${type} channel; known: ${CHANNEL_KEYS[type].join(", ")}`);
    }
    const string = (key: string): string => {
      const value = raw[key];
      if (typeof value !== "string" || value === "") return fail(`${field}.${key}`, "must be a non-empty string");
      return expand(value, context.env, (variable) => fail(`${field}.${key}`, `reads the environment variable ${variable}, which is not set`));
    };
    const url = (key: string): string => {
      const value = string(key);
      if (!/^https?:\/\//i.test(value) || !URL.canParse(value)) fail(`${field}.${key}`, "must be an http(s) URL");
      return value;
    };
    if (type === "log") channels[name] = { type, path: resolve(context.baseDir, string("path")) };
    else if (type === "slack") channels[name] = { type, url: url("url") };
    else channels[name] = { type, url: url("url"), headers: readHeaders(raw.headers, `${field}.headers`, context.env, fail) };
  }
  return { channels };
}

function readHeaders(raw: unknown, field: string, env: NodeJS.ProcessEnv, fail: (field: string, message: string) => never) {
  const headers: Record<string, string> = {};
  if (raw === undefined) return headers;
  if (!isObject(raw)) return fail(field, "must be an object of header names to strings");
  for (const [name, value] of Object.entries(raw)) {
    if (typeof value !== "string") fail(`${field}.${name}`, "must be a string");
    headers[name] = expand(value as string, env, (variable) => fail(`${field}.${name}`, `reads the environment variable ${variable}, which is not set`));
  }
  return headers;
}

function expand(value: string, env: NodeJS.ProcessEnv, unset: (variable: string) => never): string {
  return value.replace(/\$\{([A-Za-z_][A-Za-z0-9_]*)\}/g, (_, variable: string) => env[variable] ?? unset(variable));
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
