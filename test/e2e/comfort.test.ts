/**
 * The editor's comforts in Chromium: a phone-width layout without sideways scrolling, the run
 * shortcuts and their sheet, dark mode, the alerts page's filters in the URL, and the audit
 * page naming the user a single-sign-on proxy sent.
 */
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ARTIFACTS } from "../helpers/browser.ts";
import { cell, editorText, EVENTUALLY, runCounts, startApp, typeInCell, type App } from "./app.ts";

const LONG_PATH = "credit-scoring-model-daily-drift-and-data-quality-review.md";
const FILES = {
  [LONG_PATH]:
    "---\ntitle: Credit scoring model — daily drift and data quality review for the risk team\n---\n\n# Review\n\n```js\nconst a = 1\n```\n",
  "keys.md": "---\ntitle: Keys\n---\n\n```js\nconst first = 1\n```\n\n```js\nfirst * 10\n```\n",
  "alerting.md":
    "---\ntitle: Alerting\n---\n\n```alert always\nwhen: 1 > 0\nseverity: critical\n```\n\n```alert quiet\nwhen: 1 > 2\nseverity: info\n```\n",
};

let app: App;
beforeAll(async () => {
  app = await startApp(FILES, { trustProxy: ["127.0.0.1"], authProxyHeader: "X-Forwarded-User" });
}, 60_000);
afterAll(() => app?.close());

/** How far `selector`'s element (default the whole page) scrolls sideways: 0 when it fits. */
function overflow(page: Page, selector = "html"): Promise<number> {
  return page.locator(selector).evaluate((element) => element.scrollWidth - element.clientWidth);
}

/** Whether the focus is in the index-th cell. */
function focusedIn(page: Page, index: number): Promise<boolean> {
  return cell(page, index).evaluate((element) => element.contains(element.ownerDocument.activeElement));
}

describe("at 390 px wide", () => {
  it("the workbook list and the editor's top bar fit without scrolling sideways", async () => {
    const page = await app.open();
    await page.setViewportSize({ width: 390, height: 844 });
    await expect.poll(() => page.locator("table.workbooks tbody tr").count(), EVENTUALLY).toBe(3);
    expect(await overflow(page)).toBe(0);
    expect(await overflow(page, "table.workbooks")).toBe(0);
    await page.screenshot({ path: join(ARTIFACTS, "narrow-list.png"), fullPage: true });
    await page.getByRole("link", { name: /Credit scoring model/ }).click();
    await expect.poll(() => page.locator(".cell .monaco-editor").count(), EVENTUALLY).toBe(1);
    expect(await overflow(page, ".page-bar")).toBe(0);
    expect(await overflow(page)).toBe(0);
    await page.screenshot({ path: join(ARTIFACTS, "narrow-editor.png"), fullPage: true });
    await page.close();
  });
});

describe("keyboard", () => {
  it("Shift+Enter runs the cell at once and moves to the next; Ctrl+Enter runs it and stays; Ctrl+Shift+Enter runs all", async () => {
    const page = await app.open("/w/keys.md");
    const second = cell(page, 1).locator(".outputs");
    await expect.poll(() => second.textContent(), EVENTUALLY).toBe("10");
    /** Types `value` as the first cell and presses `keys`: the file has it at once, and the second cell's output follows. */
    const run = async (value: number, keys: string) => {
      await typeInCell(page, 0, `const first = ${value}`);
      await page.keyboard.press(keys);
      // Autosave waits 1.5 s after the last keystroke: the file changing sooner is the shortcut's doing.
      // The cell's fence closes right after the text: the key did not reach Monaco, which would have added a line.
      await expect
        .poll(() => readFile(join(app.dir, "keys.md"), "utf8"), { timeout: 1000, interval: 50 })
        .toContain(`\`\`\`js\nconst first = ${value}\n\`\`\``);
      await expect.poll(() => second.textContent(), EVENTUALLY).toBe(String(value * 10));
    };
    await run(4, "Shift+Enter");
    expect(await focusedIn(page, 1)).toBe(true);
    await run(7, "ControlOrMeta+Enter");
    expect(await focusedIn(page, 0)).toBe(true);
    // On a cell whose text did not change, the key runs it again, and the cell that reads it.
    const [firstRuns, secondRuns] = (await runCounts(page)).map(Number);
    await page.keyboard.press("ControlOrMeta+Enter");
    await expect
      .poll(async () => (await runCounts(page)).map(Number), EVENTUALLY)
      .toEqual([firstRuns! + 1, secondRuns! + 1]);
    // Run all: a recorded run of the whole workbook, shown in the runs panel it opens.
    await page.keyboard.press("ControlOrMeta+Shift+Enter");
    const runs = page.locator("details.runs-panel");
    await expect.poll(() => runs.evaluate((element) => element.hasAttribute("open")), EVENTUALLY).toBe(true);
    await expect.poll(() => runs.locator("tr.run-row").count(), EVENTUALLY).toBe(1);
    await page.close();
  });

  it("? opens the shortcut sheet outside an editor, and types a ? inside one", async () => {
    const page = await app.open("/w/keys.md");
    await expect.poll(() => page.locator(".cell .monaco-editor").count(), EVENTUALLY).toBe(2);
    const sheet = page.locator("dialog.shortcut-sheet");
    await typeInCell(page, 1, "first ");
    await page.keyboard.press("?");
    await page.keyboard.press("?");
    await page.keyboard.insertText(" 0");
    await expect.poll(() => editorText(page, 1), EVENTUALLY).toBe("first ?? 0");
    expect(await sheet.isVisible()).toBe(false);
    await page.locator("h1, .page-bar .title").first().click();
    await page.keyboard.press("?");
    await expect.poll(() => sheet.isVisible(), EVENTUALLY).toBe(true);
    expect(await sheet.textContent()).toContain("Run the cell and move to the next one");
    await page.keyboard.press("Escape");
    await expect.poll(() => sheet.isVisible(), EVENTUALLY).toBe(false);
    await page.close();
  });
});

describe("dark mode", () => {
  it("follows prefers-color-scheme, and a chosen theme is kept across pages", async () => {
    const page = await app.open();
    const background = () =>
      page
        .locator("html")
        .evaluate((element) => element.ownerDocument.defaultView!.getComputedStyle(element).backgroundColor);
    await page.emulateMedia({ colorScheme: "dark" });
    expect(await background()).toBe("rgb(13, 17, 23)");
    await page.emulateMedia({ colorScheme: "light" });
    expect(await background()).toBe("rgb(255, 255, 255)");
    const toggle = page.locator("button.theme-toggle");
    expect(await toggle.textContent()).toBe("◐ Auto");
    await toggle.click(); // Auto → Dark, though the system is light
    expect(await background()).toBe("rgb(13, 17, 23)");
    await page.reload();
    expect(await page.locator("button.theme-toggle").textContent()).toBe("☾ Dark");
    expect(await background()).toBe("rgb(13, 17, 23)");
    await page.screenshot({ path: join(ARTIFACTS, "dark-list.png"), fullPage: true });
    await page.getByRole("link", { name: "Keys" }).click();
    // The cell editors turn dark with the page.
    await expect.poll(() => page.locator(".cell .monaco-editor.vs-dark").count(), EVENTUALLY).toBe(2);
    await page.screenshot({ path: join(ARTIFACTS, "dark-editor.png"), fullPage: true });
    // A share view in this browser takes the kept choice too, and has its own toggle.
    const link = (await page.evaluate(() =>
      fetch("/api/v1/shares", {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ workbook: "keys.md" }),
      }).then((r) => r.json()),
    )) as { url: string };
    const shared = await app.open(new URL(link.url).pathname);
    expect(await shared.locator("button.theme-toggle").textContent()).toBe("☾ Dark");
    expect(
      await shared
        .locator("html")
        .evaluate((element) => element.ownerDocument.defaultView!.getComputedStyle(element).backgroundColor),
    ).toBe("rgb(13, 17, 23)");
    await shared.close();
    await page.locator("button.theme-toggle").click(); // → Light
    await page.locator("button.theme-toggle").click(); // → Auto
    await page.close();
  });
});

describe("who did what", () => {
  it("filters the alerts page in its URL, and the audit page shows the proxy's user of a silence", async () => {
    const run = await fetch(`${new URL((await app.open()).url()).origin}/api/v1/workbooks/alerting.md/runs`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: "{}",
    });
    expect(run.status).toBe(201);
    const page = await app.open("/alerts?severity=critical");
    await page.setExtraHTTPHeaders({ "X-Forwarded-User": "ada.lovelace" });
    const rules = () =>
      page.locator("tr.alert-row").evaluateAll((rows) => rows.map((row) => row.getAttribute("data-rule")));
    await expect.poll(rules, EVENTUALLY).toEqual(["always"]);
    await page.getByLabel("Severity").selectOption("");
    await expect.poll(rules, EVENTUALLY).toEqual(["always", "quiet"]);
    await page.getByLabel("State").selectOption("normal");
    await expect.poll(rules, EVENTUALLY).toEqual(["quiet"]);
    expect(new URL(page.url()).search).toBe("?state=normal");
    await page.getByLabel("State").selectOption("firing");
    await expect.poll(rules, EVENTUALLY).toEqual(["always"]);
    const row = page.locator("tr.alert-row");
    await row.getByRole("button", { name: "Silence…" }).click();
    const form = row.locator("form.silence-form");
    await form.getByLabel("Silence for").selectOption("1h");
    await form.getByLabel("Comment").fill("deploy");
    await form.getByRole("button", { name: "Silence", exact: true }).click();
    await expect.poll(() => form.count(), EVENTUALLY).toBe(0);

    await page.goto(new URL("/audit", page.url()).href);
    const events = () =>
      page
        .locator("table.audit-table tbody tr")
        .evaluateAll((rows) =>
          rows.map((row) => [row.querySelector(".audit-user")?.textContent, row.getAttribute("data-action")].join(" ")),
        );
    // Newest first; the saves of the keyboard tests above come before these.
    await expect
      .poll(async () => (await events()).slice(0, 2), EVENTUALLY)
      .toEqual(["ada.lovelace silence.create", "local run.now"]);
    await page.getByLabel("User").fill("ada.lovelace");
    await page.getByRole("button", { name: "Filter" }).click();
    await expect.poll(events, EVENTUALLY).toEqual(["ada.lovelace silence.create"]);
    expect(new URL(page.url()).search).toBe("?user=ada.lovelace");
    await page.screenshot({ path: join(ARTIFACTS, "audit-page.png"), fullPage: true });
    expect(app.errors).toEqual([]);
    await page.close();
  });
});
