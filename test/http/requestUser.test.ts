import type { IncomingMessage } from "node:http";
import { describe, expect, it } from "vitest";
import { StartError } from "../../server/compose.ts";
import type { AuditPage } from "../../server/protocol/index.ts";
import { authProxyProblem, RequestUser } from "../../server/http/requestUser.ts";
import { TrustedProxies } from "../../server/http/trustedProxies.ts";
import { startServerWith } from "../helpers/server.ts";

/** A request as a socket from `peer` with these headers would arrive. */
function request(peer: string, headers: Record<string, string> = {}): IncomingMessage {
  return { socket: { remoteAddress: peer }, headers } as unknown as IncomingMessage;
}

describe("RequestUser", () => {
  const users = new RequestUser("X-Forwarded-User", new TrustedProxies(["10.0.0.0/8"]));

  it("believes the header only on a connection from a trusted proxy, never from a client it forwards", () => {
    expect(users.of(request("::ffff:10.0.0.1", { "x-forwarded-user": "ada" }))).toBe("ada");
    expect(users.of(request("192.0.2.7", { "x-forwarded-user": "ada" }))).toBe("local");
    // The proxy's X-Forwarded-For naming a trusted address does not make the connection trusted.
    expect(users.of(request("192.0.2.7", { "x-forwarded-user": "ada", "x-forwarded-for": "10.0.0.1" }))).toBe("local");
    expect(users.of(request("10.0.0.1"))).toBe("local");
    expect(users.of(request("10.0.0.1", { "x-forwarded-user": "  " }))).toBe("local");
    expect(users.of(request("10.0.0.1", { "x-forwarded-user": "ev\nil\u0000" }))).toBe("evil");
    expect(new RequestUser(undefined, new TrustedProxies(["10.0.0.0/8"])).of(request("10.0.0.1"))).toBe("local");
  });

  it("refuses the flag without --trust-proxy, and a header name that is not one", () => {
    expect(authProxyProblem("X-Forwarded-User", undefined)).toMatch(/needs --trust-proxy/);
    expect(authProxyProblem("X-Forwarded-User", [])).toMatch(/needs --trust-proxy/);
    expect(authProxyProblem("X Forwarded", ["loopback"])).toMatch(/must be a header name/);
    expect(authProxyProblem("X-Forwarded-User", ["loopback"])).toBeUndefined();
    expect(authProxyProblem(undefined, undefined)).toBeUndefined();
  });
});

describe("a server with --auth-proxy-header", () => {
  it("refuses to start without --trust-proxy", async () => {
    await expect(startServerWith({}, { authProxyHeader: "X-Forwarded-User" })).rejects.toThrow(StartError);
  });

  it("ignores the header from an address that is not a trusted proxy: the silence is local's", async () => {
    const { server, close } = await startServerWith(
      {},
      { trustProxy: ["10.0.0.0/8"], authProxyHeader: "X-Forwarded-User" },
    );
    try {
      const created = await fetch(`${server.url}/api/v1/alerts/silences`, {
        method: "POST",
        headers: { "content-type": "application/json", "x-forwarded-user": "mallory" },
        body: JSON.stringify({ matchers: [{ name: "rule", op: "=", value: "x" }], duration: "1h", comment: "c" }),
      });
      expect(created.status).toBe(201);
      expect(((await created.json()) as { createdBy?: string }).createdBy).toBeUndefined();
      const page = (await (await fetch(`${server.url}/api/v1/audit`)).json()) as AuditPage;
      expect(page.events).toEqual([expect.objectContaining({ user: "local", action: "silence.create" })]);
    } finally {
      await close();
    }
  });
});
