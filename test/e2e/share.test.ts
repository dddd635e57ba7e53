import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ARTIFACTS } from "../helpers/browser.ts";
import { EVENTUALLY, cell, startApp, type App } from "./app.ts";

const XSS_IMG = "<img src=x onerror=alert(1)>";
const XSS_SCRIPT = "<script>alert(2)</script>";

const WORKBOOK = `---
title: Weekly risk review
---

# Weekly risk review

What the risk office follows each week.

\`\`\`sql latest
select note, tag, score from credit order by score
\`\`\`

\`\`\`js
Plot.barX(latest, {y: "note", x: "score"}).plot({marginLeft: 220})
\`\`\`

\`\`\`js hidden
"internal-only-value"
\`\`\`

\`\`\`sql counted
select count(*) as predictions from credit
\`\`\`
`;

let app: App;
beforeAll(async () => {
  app = await startApp({ "risk.md": WORKBOOK });
  await app.log("credit", [
    { features: { note: XSS_IMG, tag: XSS_SCRIPT }, prediction: 1, score: 0.9 },
    { features: { note: "plain", tag: "ok" }, prediction: 0, score: 0.1 },
  ]);
});
afterAll(async () => {
  await app?.close();
});

describe("sharing a workbook in Chromium", () => {
  it("shows logged values as text in the editor: no dialog, no injected element", async () => {
    const page = await app.open("/w/risk.md");
    const table = cell(page, 0).locator(".outputs table");
    await expect.poll(() => table.textContent(), EVENTUALLY).toContain(XSS_IMG);
    expect(await table.textContent()).toContain(XSS_SCRIPT);
    await expect.poll(() => cell(page, 1).locator("svg").textContent(), EVENTUALLY).toContain(XSS_IMG);
    expect(await page.locator(".outputs img, .outputs script").count()).toBe(0);
    expect(app.dialogs).toEqual([]);
    await page.close();
  });

  it("creates a link in the editor; a stranger sees live outputs only, until the link is revoked", async () => {
    const editor = await app.open("/w/risk.md");
    const panel = editor.locator("details.share-panel");
    await panel.locator("summary").click();
    await panel.locator("button.share-create").click();
    const input = panel.locator("input.share-url");
    await expect.poll(() => input.inputValue(), EVENTUALLY).toMatch(/\/s\/[A-Za-z0-9_-]{43}$/);
    const url = await input.inputValue();
    await panel.locator("button.share-copy").click();
    await expect.poll(() => panel.locator(".share-copy-status").textContent(), EVENTUALLY).toMatch(/Copied|Ctrl\+C/);
    await expect.poll(() => panel.locator("tr.share-row").count(), EVENTUALLY).toBe(1);
    expect(await panel.locator("summary").textContent()).toBe("Share · 1 link");

    const violations: string[] = [];
    const viewer = await app.openElsewhere(url);
    viewer.on("console", (message) => {
      if (/Content Security Policy/i.test(message.text())) violations.push(message.text());
    });
    await expect.poll(() => viewer.locator("h1:visible").allTextContents(), EVENTUALLY).toEqual(["Weekly risk review"]);
    await expect.poll(() => viewer.locator(".share-blocks table").first().textContent(), EVENTUALLY).toContain(XSS_IMG);
    await expect.poll(() => viewer.locator(".share-blocks svg").count(), EVENTUALLY).toBe(1);
    const text = await viewer.locator("body").textContent();
    expect(text).toContain("What the risk office follows each week.");
    for (const secret of ["select note", "select count", "internal-only-value", "Plot.barX", "risk.md"])
      expect(text).not.toContain(secret);
    expect(await viewer.locator(".monaco-editor, textarea, .share-blocks img, .share-blocks script").count()).toBe(0);
    expect(
      await viewer.locator("script").evaluateAll((scripts) => scripts.map((script) => script.getAttribute("src"))),
    ).toEqual(["/assets/share.js"]);
    const counted = viewer.locator(".shared-cell").last().locator("table");
    await expect.poll(() => counted.textContent(), EVENTUALLY).toContain("2");

    // New predictions reach the stranger's page without a reload.
    await app.log("credit", [{ features: { note: "third", tag: "x" }, prediction: 0, score: 0.5 }]);
    await expect.poll(() => counted.textContent(), EVENTUALLY).toContain("3");
    await viewer.screenshot({ path: join(ARTIFACTS, "share-view.png"), fullPage: true });

    // Revoked: the open page says so at once, and so does a reload.
    const revoke = panel.locator("tr.share-row button.share-revoke");
    await revoke.click();
    await revoke.click();
    await expect.poll(() => panel.locator("tr.share-row").count(), EVENTUALLY).toBe(0);
    await expect.poll(() => viewer.locator(".share-ended h1").textContent(), EVENTUALLY).toMatch(/no longer valid/);
    const reload = await viewer.reload();
    expect(reload?.status()).toBe(404);
    expect(await viewer.locator("h1").textContent()).toMatch(/no longer valid/);
    await viewer.screenshot({ path: join(ARTIFACTS, "share-revoked.png") });

    expect(violations).toEqual([]);
    expect(app.errors).toEqual([]);
    expect(app.dialogs).toEqual([]);
  });
});
