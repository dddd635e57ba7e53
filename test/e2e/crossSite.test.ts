/**
 * In Chromium: the editor works under its Content-Security-Policy (the fixture fails a test on
 * any violation), and a page served from another loopback port cannot make the server run a
 * workbook — not with a no-cors text/plain fetch, a CORS JSON fetch or a text/plain form.
 */
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { workbookText } from "../helpers/workbooks.ts";
import { EVENTUALLY, cell, startApp, type App } from "./app.ts";

let app: App;
let stranger: Server;
let strangerUrl: string;
beforeAll(async () => {
  app = await startApp({ "a.md": workbookText("6 * 7") });
  stranger = createServer((_req, res) =>
    res.writeHead(200, { "content-type": "text/html" }).end("<!doctype html><title>another site</title><p>hello</p>"),
  );
  await new Promise<void>((resolve) => stranger.listen(0, "127.0.0.1", resolve));
  strangerUrl = `http://127.0.0.1:${(stranger.address() as AddressInfo).port}/`;
});
afterEach(() => {
  expect(app.errors).toEqual([]);
});
afterAll(async () => {
  await app?.close();
  stranger?.closeAllConnections();
  await new Promise((resolve) => stranger?.close(resolve));
});

describe("cross-site control in a browser", () => {
  it("loads the editor under its CSP with no violation, and its own page may run a workbook", async () => {
    const page = await app.open("/w/a.md");
    await expect.poll(() => cell(page, 0).locator(".outputs").textContent(), EVENTUALLY).toContain("42");
    const policy = await page.evaluate(
      (url) => fetch(url).then((response) => response.headers.get("content-security-policy")),
      page.url(),
    );
    expect(policy).toMatch(/frame-ancestors 'none'/);
    expect(policy).toMatch(/script-src 'self'(;|$)/);
    const status = await page.evaluate(() =>
      fetch("/api/v1/workbooks/a.md/runs", {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: "{}",
      }).then((response) => response.status),
    );
    expect(status).toBe(201);
    await page.close();
  });

  it("refuses run-now from a page on another port", async () => {
    const editor = await app.open("/");
    const origin = new URL(editor.url()).origin;
    const runs = async () => (await (await fetch(`${origin}/api/v1/workbooks/a.md/runs`)).json()) as { total: number };
    const before = (await runs()).total;
    const target = `${origin}/api/v1/workbooks/a.md/runs`;

    const page = await app.openElsewhere(strangerUrl);
    const attempts = await page.evaluate(async (target) => {
      const noCors = await fetch(target, {
        method: "POST",
        mode: "no-cors",
        headers: { "content-type": "text/plain" },
        body: "{}",
      }).then(
        (response) => response.type,
        (error: Error) => error.name,
      );
      const cors = await fetch(target, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: "{}",
      }).then(
        (response) => String(response.status),
        (error: Error) => error.name,
      );
      return { noCors, cors };
    }, target);
    expect(attempts).toEqual({ noCors: "opaque", cors: "TypeError" }); // sent but unreadable; blocked at the preflight

    await page.setContent(
      `<form method="post" enctype="text/plain" action="${target}"><input name='{"params":{}, "x":"' value='"}'><button>Go</button></form>`,
    );
    await Promise.all([page.waitForURL(target), page.click("button")]);
    expect(await page.textContent("body")).toMatch(/refused a POST request from another (site|origin)/);

    expect((await runs()).total).toBe(before);
    await editor.close();
  });
});
