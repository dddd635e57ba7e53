/**
 * Other web pages cannot drive the server. Against `driftbook serve` in a
 * child process, with the headers a browser (or a DNS-rebinding page) would send: foreign Host
 * names are refused on HTTP and WebSocket upgrades, cross-site writes and non-JSON bodies are
 * refused while same-origin JSON works, pages carry their CSP, links use --public-url, and
 * wrong tokens are throttled without locking out the right one.
 */
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import WebSocket from "ws";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { driftbook } from "../helpers/cli.ts";
import { gitIn, tempRepo } from "../helpers/git.ts";
import { rawRequest, type RawResponse } from "../helpers/rawRequest.ts";
import { startServeProcess, type ServeProcess } from "../helpers/serveProcess.ts";
import { connectSocket } from "../helpers/socket.ts";
import { workbookText, writeFiles } from "../helpers/workbooks.ts";

const PUBLIC_URL = "https://driftbook.example.com";
const MARKUP = "<img src=x onerror=alert(1)>";
const ALERTING = workbookText(JSON.stringify(MARKUP), "```alert always\nwhen: true\nnotify: [audit]\n```");

/** No token: the default server, whose only guard against other pages is the checks under test. */
const NO_TOKEN = { env: { ...process.env, DRIFTBOOK_TOKEN: "", DRIFTBOOK_INGEST_TOKEN: "" } };

let server: ServeProcess & { port: number };
let dir: string;
let cleanup: () => Promise<void>;
beforeAll(async () => {
  ({ workbooks: dir, cleanup } = await tempRepo({ folder: "" }));
  await writeFiles(dir, {
    "a.md": ALERTING,
    "driftbook.config.json": JSON.stringify({ channels: { audit: { type: "log", path: join(dir, "alerts.log") } } }),
  });
  await gitIn(dir, "add", "a.md");
  await gitIn(dir, "commit", "-qm", "a");
  const started = await startServeProcess(
    [
      "--workbooks",
      dir,
      "--db",
      join(dir, "driftbook.db"),
      "--config",
      join(dir, "driftbook.config.json"),
      "--allowed-hosts",
      "driftbook.internal",
      "--public-url",
      PUBLIC_URL,
      "--max-body",
      "0.001",
    ],
    NO_TOKEN,
  );
  server = { ...started, port: Number(new URL(started.url).port) };
}, 60_000);
afterAll(async () => {
  await server?.stop();
  await cleanup();
});

/** A request as a browser on `origin` (or a plain client, with no origin) sends it. */
function send(
  path: string,
  {
    method = "GET",
    host = `127.0.0.1:${server.port}`,
    headers = {},
    body,
  }: { method?: string; host?: string; headers?: Record<string, string>; body?: string } = {},
): Promise<RawResponse> {
  return rawRequest(server.url + path, { method, headers: { host, ...headers }, body });
}
const runNow = (headers: Record<string, string>, body?: string) =>
  send("/api/v1/workbooks/a.md/runs", { method: "POST", headers, body });
const JSON_TYPE = { "content-type": "application/json" };
async function runCount(): Promise<number> {
  return (JSON.parse((await send("/api/v1/workbooks/a.md/runs")).body) as { total: number }).total;
}

describe("Host allowlist", () => {
  it("refuses foreign Host names with 403 on pages, the API and writes, and nothing runs", async () => {
    const before = await runCount();
    for (const host of [
      `attacker.example:${server.port}`,
      "attacker.example",
      `localhost.attacker.example:${server.port}`,
    ]) {
      for (const path of ["/", "/api/v1/workbooks", "/healthz"]) {
        const refused = await send(path, { host });
        expect(refused.status, `${host} ${path}`).toBe(403);
        expect(refused.headers["content-type"]).toMatch(/^text\/plain/);
        expect(refused.body).toContain(`--allowed-hosts ${host.replace(/:\d+$/, "")}`);
      }
      expect(
        (await send("/api/v1/workbooks/a.md/runs", { method: "POST", host, headers: JSON_TYPE, body: "{}" })).status,
      ).toBe(403);
    }
    expect((await rawRequest(server.url + "/api/v1/workbooks")).status).toBe(400); // no Host at all
    expect(await runCount()).toBe(before);
  });

  it("serves localhost, 127.0.0.1, [::1], IP addresses, --allowed-hosts and the --public-url host", async () => {
    const port = server.port;
    for (const host of [
      `localhost:${port}`,
      "localhost",
      `127.0.0.1:${port}`,
      `[::1]:${port}`,
      "[::1]",
      `10.1.2.3:${port}`,
      "driftbook.internal",
      "Driftbook.Internal:8443",
      "driftbook.example.com",
    ]) {
      expect((await send("/api/v1/workbooks", { host })).status, host).toBe(200);
    }
  });

  it("refuses WebSocket upgrades naming a foreign host, on /ws and on share sockets", async () => {
    await expect(connectSocket(server.url, { host: `attacker.example:${server.port}` })).rejects.toThrow(/403/);
    const socket = await connectSocket(server.url, { host: `localhost:${server.port}` });
    socket.close();
    const share = JSON.parse(
      (await send("/api/v1/shares", { method: "POST", headers: JSON_TYPE, body: '{"workbook": "a.md"}' })).body,
    ) as { path: string };
    const shareSocket = (headers: Record<string, string>) =>
      new Promise<number>((resolve, reject) => {
        const ws = new WebSocket(server.url.replace(/^http/, "ws") + share.path + "/ws", { headers });
        ws.once("open", () => (ws.close(), resolve(101)));
        ws.once("unexpected-response", (_req, res) => resolve(res.statusCode!));
        ws.once("error", reject);
      });
    expect(await shareSocket({ host: `attacker.example:${server.port}` })).toBe(403);
    expect(await shareSocket({ origin: "https://evil.example" })).toBe(403);
    expect(await shareSocket({})).toBe(101);
  });
});

describe("cross-site writes", () => {
  it("refuses a cross-site text/plain run-now (415, and 403 with a foreign Origin) while same-origin JSON runs", async () => {
    const before = await runCount();
    const plain = await runNow({ "content-type": "text/plain" }, "{}");
    expect(plain.status).toBe(415);
    expect(JSON.parse(plain.body).error).toMatch(/unsupported content type "text\/plain": send application\/json/);
    expect((await runNow({ "content-type": "text/plain", origin: "https://evil.example" }, "{}")).status).toBe(403);
    const evil = await runNow({ ...JSON_TYPE, origin: "https://evil.example" }, "{}");
    expect(evil.status).toBe(403);
    expect(JSON.parse(evil.body).error).toMatch(/another origin \(https:\/\/evil\.example\)/);
    expect((await runNow({ ...JSON_TYPE, origin: "http://localhost:1" }, "{}")).status).toBe(403); // another port is another origin
    for (const site of ["cross-site", "same-site"])
      expect((await runNow({ ...JSON_TYPE, "sec-fetch-site": site }, "{}")).status, site).toBe(403);
    expect((await runNow({ "content-type": "application/x-www-form-urlencoded" }, "")).status).toBe(415); // a form with no fields
    expect((await runNow({}, "{}")).status).toBe(415); // a body without a type
    expect(await runCount()).toBe(before);

    const own = { ...JSON_TYPE, origin: `http://127.0.0.1:${server.port}`, "sec-fetch-site": "same-origin" };
    expect((await runNow(own, '{"params": {}}')).status).toBe(201);
    expect((await runNow({ ...JSON_TYPE, origin: PUBLIC_URL }, "{}")).status).toBe(201);
    expect((await runNow({})).status).toBe(201); // curl -X POST: no body, no type
    expect(await runCount()).toBe(before + 3);
  }, 30_000);

  it("refuses cross-site deletes and editor sockets", async () => {
    const share = JSON.parse(
      (await send("/api/v1/shares", { method: "POST", headers: JSON_TYPE, body: '{"workbook": "a.md"}' })).body,
    ) as { id: string };
    expect(
      (await send(`/api/v1/shares/${share.id}`, { method: "DELETE", headers: { origin: "https://evil.example" } }))
        .status,
    ).toBe(403);
    expect(
      (await send(`/api/v1/shares/${share.id}`, { method: "DELETE", headers: { "sec-fetch-site": "cross-site" } }))
        .status,
    ).toBe(403);
    await expect(connectSocket(server.url, { origin: "https://evil.example" })).rejects.toThrow(/403/);
    await expect(connectSocket(server.url, { "sec-fetch-site": "cross-site" })).rejects.toThrow(/403/);
    expect((await send(`/api/v1/shares/${share.id}`, { method: "DELETE" })).status).toBe(204);
  });

  it("takes bodies by type: UTF-8 only, JSON on JSON routes, each route's own size limit", async () => {
    const row = '{"features": {"x": 1}, "prediction": 0}\n';
    const utf16 = await send("/api/v1/models/m/predictions", {
      method: "POST",
      headers: { "content-type": "application/x-ndjson; charset=utf-16" },
      body: row,
    });
    expect(utf16.status).toBe(415);
    expect(JSON.parse(utf16.body).error).toMatch(/charset "utf-16".*UTF-8/);
    expect(
      (
        await send("/api/v1/models/m/predictions", {
          method: "POST",
          headers: { "content-type": "application/x-ndjson; charset=UTF-8" },
          body: row,
        })
      ).status,
    ).toBe(201);
    expect(
      (
        await send("/api/v1/models/m/predictions", {
          method: "POST",
          headers: { "content-type": "text/csv" },
          body: "x,prediction\n1,0\n",
        })
      ).status,
    ).toBe(201);
    expect((await runNow({ "content-type": "text/csv" }, "params\n1\n")).status).toBe(415);

    const ingest = await send("/api/v1/models/m/predictions", {
      method: "POST",
      headers: { "content-type": "application/x-ndjson" },
      body: row.repeat(100),
    });
    expect(ingest.status).toBe(413);
    expect(JSON.parse(ingest.body).error).toMatch(/--max-body/);
    const git = await send("/api/v1/workbooks/a.md/git/commit", {
      method: "POST",
      headers: JSON_TYPE,
      body: JSON.stringify({ message: "x".repeat(70_000) }),
    });
    expect(git.status).toBe(413);
    expect(JSON.parse(git.body).error).toMatch(/limit of 64kb for git requests/);
    expect(JSON.parse(git.body).error).not.toMatch(/--max-body/);
  });
});

describe("response headers", () => {
  it("sends nosniff and a referrer policy on every response, and a CSP that forbids framing on every page", async () => {
    for (const path of ["/healthz", "/api/v1/workbooks", "/assets/main.js", "/no/such/path"]) {
      const response = await send(path);
      expect(response.headers["x-content-type-options"], path).toBe("nosniff");
      expect(response.headers["referrer-policy"], path).toMatch(/^(same-origin|no-referrer)$/);
    }
    const run = JSON.parse((await runNow(JSON_TYPE, "{}")).body) as { id: number };
    const commit = (await gitIn(dir, "rev-parse", "HEAD")).trim();
    const pages = [
      "/",
      "/w/a.md",
      "/alerts",
      "/report/a.md",
      `/api/v1/runs/${run.id}/report`,
      `/api/v1/workbooks/a.md/git/report?rev=${commit}`,
    ];
    for (const path of pages) {
      const page = await send(path);
      expect(page.status, path).toBe(200);
      expect(page.headers["content-type"], path).toMatch(/^text\/html/);
      expect(page.headers["content-security-policy"], path).toMatch(/frame-ancestors 'none'/);
      expect(page.headers["x-frame-options"], path).toBe("DENY");
      expect(page.headers["x-content-type-options"], path).toBe("nosniff");
    }
    for (const report of pages.slice(3)) {
      const page = await send(report);
      expect(page.headers["content-security-policy"], report).not.toMatch(/script-src/); // default-src 'none': no script at all
      expect(page.body, report).toContain("&lt;img src=x onerror=alert(1)&gt;");
      expect(page.body, report).not.toContain(MARKUP);
    }
  }, 60_000);
});

describe("--public-url", () => {
  it("builds share links and alert links from it, never from the request's Host", async () => {
    expect((await runNow(JSON_TYPE, "{}")).status).toBe(201); // the rule fires on its first run
    const created = await send("/api/v1/shares", {
      method: "POST",
      host: `localhost:${server.port}`,
      headers: JSON_TYPE,
      body: '{"workbook": "a.md"}',
    });
    expect(JSON.parse(created.body).url).toMatch(new RegExp(`^${PUBLIC_URL}/s/[A-Za-z0-9_-]{43}$`));
    await expect
      .poll(() => readFile(join(dir, "alerts.log"), "utf8").catch(() => ""), { timeout: 15_000 })
      .toContain('"status":"firing"');
    const notification = JSON.parse((await readFile(join(dir, "alerts.log"), "utf8")).split("\n")[0]) as {
      externalURL: string;
      link: string;
    };
    expect(notification.externalURL).toBe(PUBLIC_URL);
    expect(notification.link).toBe(`${PUBLIC_URL}/w/a.md`);
  });
});

describe("tokens", () => {
  const TOKEN = "editor-token-0123456789abcdef";

  it("refuses to start with a blank token or one with surrounding whitespace", async () => {
    for (const token of [" ".repeat(16), `${TOKEN} `, `\t${TOKEN}`]) {
      const cli = await driftbook(["serve", "--port", "0", "--workbooks", dir, "--db", join(dir, "blank.db")], {
        env: { ...process.env, DRIFTBOOK_TOKEN: token },
      });
      expect(cli.code, JSON.stringify(token)).toBe(2);
      expect(cli.stderr).toMatch(/DRIFTBOOK_TOKEN must not contain spaces or other whitespace/);
    }
  }, 60_000);

  it("throttles wrong Bearer tokens per address, while the right token always gets in", async () => {
    const guarded = await startServeProcess(["--workbooks", dir, "--db", join(dir, "guarded.db")], {
      env: { ...NO_TOKEN.env, DRIFTBOOK_TOKEN: TOKEN },
    });
    try {
      const withToken = (token: string) =>
        fetch(`${guarded.url}/api/v1/workbooks`, { headers: { authorization: `Bearer ${token}` } });
      const statuses: number[] = [];
      for (let batch = 0; batch < 10; batch++) {
        const responses = await Promise.all(
          Array.from({ length: 30 }, (_, i) => withToken(`wrong-token-${batch}-${i}-0123456789`)),
        );
        statuses.push(...responses.map((response) => response.status));
        const throttled = responses.find((response) => response.status === 429);
        if (throttled) expect(Number(throttled.headers.get("retry-after"))).toBeGreaterThan(0);
      }
      expect(statuses.filter((status) => status === 401)).toHaveLength(10);
      expect(statuses.filter((status) => status === 429)).toHaveLength(290);
      expect((await withToken(TOKEN)).status).toBe(200);
      await expect(connectSocket(guarded.url, { authorization: "Bearer wrong-token-0123456789" })).rejects.toThrow(
        /429/,
      );
      const socket = await connectSocket(guarded.url, { authorization: `Bearer ${TOKEN}` });
      socket.close();
      const login = (token: string) =>
        fetch(`${guarded.url}/login`, { method: "POST", body: new URLSearchParams({ token }), redirect: "manual" });
      expect((await login("wrong-token-0123456789")).status).toBe(429);
      const right = await login(TOKEN);
      expect(right.status).toBe(303);
      expect(right.headers.get("set-cookie")).toMatch(/driftbook_session=/);
      const page = await fetch(`${guarded.url}/login`);
      expect(page.headers.get("content-security-policy")).toMatch(/frame-ancestors 'none'/);
    } finally {
      await guarded.stop();
    }
  }, 60_000);
});
