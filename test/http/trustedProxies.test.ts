import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { IncomingMessage } from "node:http";
import { StartError, type RunningServer } from "../../server/compose.ts";
import { TrustedProxies } from "../../server/http/trustedProxies.ts";
import { rawRequest } from "../helpers/rawRequest.ts";
import { startServerWith, startTestServer } from "../helpers/server.ts";
import { tempDir } from "../helpers/workbooks.ts";

const TOKEN = "proxy-test-token-0123456789";
const PUBLIC = "driftbook.example.com";

/** A request as a socket from `peer` with these headers would arrive. */
function request(peer: string, headers: Record<string, string> = {}): IncomingMessage {
  return { socket: { remoteAddress: peer }, headers } as unknown as IncomingMessage;
}

describe("TrustedProxies", () => {
  it("reads the client, Host and scheme from a trusted proxy's headers, from the right of X-Forwarded-For", () => {
    const proxies = new TrustedProxies(["10.0.0.0/8", "loopback"]);
    const forwarded = {
      host: "10.0.0.2:3000",
      "x-forwarded-for": "198.51.100.9, 203.0.113.7, 10.0.0.5",
      "x-forwarded-host": `${PUBLIC}, inner.local`,
      "x-forwarded-proto": "https",
    };
    // 10.0.0.5 is a trusted proxy too; 203.0.113.7 is the client, whatever it claimed before it.
    expect(proxies.clientOf(request("::ffff:10.0.0.1", forwarded))).toEqual({
      address: "203.0.113.7",
      host: PUBLIC,
      scheme: "https",
    });
    expect(proxies.clientOf(request("192.0.2.1", forwarded))).toEqual({
      address: "192.0.2.1",
      host: "10.0.0.2:3000",
      scheme: "http",
    });
    expect(new TrustedProxies().clientOf(request("127.0.0.1", forwarded)).address).toBe("127.0.0.1");
    expect(proxies.trusts("::1")).toBe(true);
    expect(proxies.trusts("11.0.0.1")).toBe(false);
  });

  it("refuses an entry that is neither an address, a range nor a known name, naming it", () => {
    expect(() => new TrustedProxies(["10.0.0.0/33"])).toThrow(/--trust-proxy: "10.0.0.0\/33" is not an IP address/);
    expect(() => new TrustedProxies(["proxy.internal"])).toThrow(/"proxy.internal"/);
  });
});

describe("a server behind a trusted proxy (--trust-proxy)", () => {
  let behind: RunningServer;
  let direct: RunningServer;
  const closes: (() => Promise<void>)[] = [];
  beforeAll(async () => {
    const options = { auth: { token: TOKEN }, allowedHosts: [PUBLIC] };
    const proxied = await startServerWith({}, { ...options, trustProxy: ["127.0.0.1"] });
    const untrusted = await startServerWith({}, { ...options, trustProxy: ["10.0.0.0/8"] });
    behind = proxied.server;
    direct = untrusted.server;
    closes.push(proxied.close, untrusted.close);
  });
  afterAll(async () => {
    for (const close of closes) await close();
  });

  const viaProxy = (host: string, proto = "http") => ({
    host: "127.0.0.1",
    "x-forwarded-host": host,
    "x-forwarded-proto": proto,
  });

  it("checks the public name the proxy forwards against the Host allowlist", async () => {
    expect((await rawRequest(`${behind.url}/login`, { headers: viaProxy(PUBLIC) })).status).toBe(200);
    const rebound = await rawRequest(`${behind.url}/login`, { headers: viaProxy("attacker.example") });
    expect(rebound.status).toBe(403);
    expect(rebound.body).toContain('"attacker.example" is not a name of this Driftbook server');
    // From an address that is not a trusted proxy the headers are anyone's: the Host itself counts.
    expect((await rawRequest(`${direct.url}/login`, { headers: viaProxy("attacker.example") })).status).toBe(200);
  });

  it("accepts writes from the public HTTPS origin the proxy serves, and marks the login cookie Secure", async () => {
    const login = (server: RunningServer) =>
      rawRequest(`${server.url}/login`, {
        method: "POST",
        headers: {
          ...viaProxy(PUBLIC, "https"),
          origin: `https://${PUBLIC}`,
          "content-type": "application/x-www-form-urlencoded",
        },
        body: new URLSearchParams({ token: TOKEN }).toString(),
      });
    const accepted = await login(behind);
    expect(accepted.status).toBe(303);
    expect(String(accepted.headers["set-cookie"])).toMatch(/; Secure/);
    // Not behind a trusted proxy, https://driftbook.example.com is another origin than http://127.0.0.1.
    expect((await login(direct)).status).toBe(403);
  });

  it("throttles wrong tokens per forwarded client address, not per proxy", async () => {
    const guess = (server: RunningServer, client: string) =>
      rawRequest(`${server.url}/api/v1/workbooks`, {
        headers: { host: "127.0.0.1", authorization: "Bearer wrong-wrong-wrong-wrong", "x-forwarded-for": client },
      });
    for (let i = 0; i < 10; i++) expect((await guess(behind, "203.0.113.7")).status).toBe(401);
    expect((await guess(behind, "203.0.113.7")).status).toBe(429);
    expect((await guess(behind, "203.0.113.8")).status).toBe(401); // another client behind the same proxy
    // Untrusted, the header is ignored: every guess counts against the connection's own address.
    for (let i = 0; i < 10; i++) expect((await guess(direct, `198.51.100.${i}`)).status).toBe(401);
    expect((await guess(direct, "198.51.100.99")).status).toBe(429);
  });

  it("refuses to start with a --trust-proxy entry it cannot read", async () => {
    const { dir, cleanup } = await tempDir();
    closes.push(cleanup);
    await expect(startTestServer({ workbooksDir: dir, trustProxy: ["10.0.0.300"] })).rejects.toThrow(StartError);
  });
});
