import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { ConfigError, loadAlertConfig, parseAlertConfig } from "../../server/alerts/config.ts";
import { tempDir, writeFiles } from "../helpers/workbooks.ts";

let dir: string;
let cleanup: () => Promise<void>;
beforeEach(async () => {
  ({ dir, cleanup } = await tempDir());
});
afterEach(() => cleanup());

const env = { ONCALL_URL: "https://oncall.example/hook", TOKEN: "t0k" };
const parse = (config: unknown) =>
  parseAlertConfig(JSON.stringify(config), { env, baseDir: "/etc/driftbook", file: "driftbook.config.json" });
const fieldOf = (config: unknown) => {
  try {
    parse(config);
  } catch (error) {
    if (error instanceof ConfigError) return error.field;
    throw error;
  }
  throw new Error("expected a ConfigError");
};

describe("parseAlertConfig", () => {
  it("reads the three channel types, expanding ${VAR} from the environment", () => {
    const config = parse({
      channels: {
        "ml-oncall": { type: "webhook", url: "${ONCALL_URL}", headers: { authorization: "Bearer ${TOKEN}" } },
        team: { type: "slack", url: "https://hooks.slack.com/services/T/B/X" },
        audit: { type: "log", path: "logs/alerts.log" },
      },
    });
    expect(config).toEqual({
      channels: {
        "ml-oncall": { type: "webhook", url: "https://oncall.example/hook", headers: { authorization: "Bearer t0k" } },
        team: { type: "slack", url: "https://hooks.slack.com/services/T/B/X" },
        audit: { type: "log", path: "/etc/driftbook/logs/alerts.log" },
      },
    });
  });

  it("reads an alertmanager channel, turning basicAuth into an authorization header", () => {
    const config = parse({
      channels: {
        am: {
          type: "alertmanager",
          url: "http://am:9093",
          headers: { "x-scope-orgid": "ml" },
          basicAuth: { username: "driftbook", password: "${TOKEN}" },
        },
      },
    });
    expect(config.channels.am).toEqual({
      type: "alertmanager",
      url: "http://am:9093",
      headers: { "x-scope-orgid": "ml", authorization: `Basic ${Buffer.from("driftbook:t0k").toString("base64")}` },
    });
    const unset = parse({
      channels: {
        am: { type: "alertmanager", url: "http://am:9093", basicAuth: { username: "u", password: "${AM_PASSWORD}" } },
      },
    });
    expect(unset.unavailable).toEqual({
      am: "driftbook.config.json: `channels.am.basicAuth.password` reads the environment variable AM_PASSWORD, which is not set",
    });
  });

  it("makes a channel that reads an unset variable unavailable, naming the variable and the field", () => {
    const config = parse({
      channels: { a: { type: "webhook", url: "${MISSING_URL}" }, b: { type: "slack", url: "https://hooks.example/x" } },
    });
    expect(config.channels).toEqual({ b: { type: "slack", url: "https://hooks.example/x" } });
    expect(config.unavailable).toEqual({
      a: "driftbook.config.json: `channels.a.url` reads the environment variable MISSING_URL, which is not set",
    });
    const headers = parse({
      channels: {
        c: { type: "webhook", url: "https://hooks.example/y", headers: { authorization: "Bearer ${MISSING_TOKEN}" } },
      },
    });
    expect(headers.unavailable).toEqual({
      c: "driftbook.config.json: `channels.c.headers.authorization` reads the environment variable MISSING_TOKEN, which is not set",
    });
  });

  it.each([
    [[], "(root)"],
    [{ chanels: {} }, "chanels"],
    [{ channels: [] }, "channels"],
    [{ channels: { a: "https://x" } }, "channels.a"],
    [{ channels: { a: { type: "email" } } }, "channels.a.type"],
    [{ channels: { a: { type: "webhook" } } }, "channels.a.url"],
    [{ channels: { a: { type: "webhook", url: "ftp://x" } } }, "channels.a.url"],
    [{ channels: { a: { type: "slack", url: "https://x", headers: {} } } }, "channels.a.headers"],
    [{ channels: { a: { type: "webhook", url: "https://x", headers: { x: 1 } } } }, "channels.a.headers.x"],
    [{ channels: { a: { type: "log", path: "" } } }, "channels.a.path"],
    [{ channels: { a: { type: "alertmanager", url: "am:9093" } } }, "channels.a.url"],
    [{ channels: { a: { type: "alertmanager", url: "http://am", basicAuth: "u:p" } } }, "channels.a.basicAuth"],
    [
      { channels: { a: { type: "alertmanager", url: "http://am", basicAuth: { username: "u" } } } },
      "channels.a.basicAuth.password",
    ],
    [
      {
        channels: {
          a: { type: "alertmanager", url: "http://am", basicAuth: { username: "u", password: "p", realm: "x" } },
        },
      },
      "channels.a.basicAuth.realm",
    ],
  ])("refuses %j, naming %s", (config, field) => {
    expect(fieldOf(config)).toBe(field);
  });

  it("names bad JSON", () => {
    expect(() => parseAlertConfig("{", { env, baseDir: "/", file: "c.json" })).toThrow(/^c\.json: invalid JSON/);
  });
});

describe("loadAlertConfig", () => {
  it("reads driftbook.config.json in the working directory; no file means no channels", async () => {
    expect(await loadAlertConfig({ cwd: dir, env })).toEqual({ channels: {} });
    await writeFiles(dir, {
      "driftbook.config.json": JSON.stringify({ channels: { audit: { type: "log", path: "a.log" } } }),
    });
    expect(await loadAlertConfig({ cwd: dir, env })).toEqual({
      channels: { audit: { type: "log", path: join(dir, "a.log") } },
    });
  });

  it("requires a file given by path", async () => {
    await expect(loadAlertConfig({ cwd: dir, path: "elsewhere.json", env })).rejects.toThrow(
      /cannot read the config file .*elsewhere\.json/,
    );
  });
});
