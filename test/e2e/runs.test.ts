import { hostname } from "node:os";
import { join } from "node:path";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { ARTIFACTS } from "../helpers/browser.ts";
import { EVENTUALLY, startApp, type App } from "./app.ts";

const WORKBOOK = `---
title: Nightly scores check
---

# Nightly scores check

\`\`\`js
const total = 40 + 2;
\`\`\`

\`\`\`js
const ratio = total / 2;
throw new Error("threshold table is missing");
\`\`\`
`;

let app: App;

beforeAll(async () => {
  app = await startApp({ "nightly.md": WORKBOOK });
});
afterEach(() => {
  expect(app.errors).toEqual([]);
  expect(app.dialogs.map((dialog) => dialog.message())).toEqual([]);
});
afterAll(async () => {
  await app?.close();
});

describe("runs in Chromium", () => {
  it("runs a workbook from its page, lists the runs newest first, shows a run's cells and links its report", async () => {
    const page = await app.open("/w/nightly.md");
    const panel = page.locator("details.runs-panel");
    await panel.locator("summary").click();
    await expect.poll(() => panel.locator(".runs-content .note").textContent(), EVENTUALLY).toContain("No run yet");

    const runButton = panel.getByRole("button", { name: "Run now" });
    const clicked = Date.now();
    await runButton.click();
    const rows = panel.locator("tr.run-row");
    await expect.poll(() => rows.count(), EVENTUALLY).toBe(1);
    expect(await runButton.isEnabled()).toBe(true);
    const first = rows.first();
    // Listed as it starts, then again as it ends: the server tells the page both times.
    await expect.poll(() => first.getAttribute("data-status"), EVENTUALLY).toBe("failed");
    expect(await first.locator(".run-status").textContent()).toBe("failed");
    expect(await first.locator(".run-trigger").textContent()).toBe("manual");
    expect(await first.locator(".run-server").textContent()).toBe(hostname()); // the default --server-name
    expect(await first.locator("time").textContent()).toBe("just now");
    // The start time: after the click, and spelled out in the browser's locale on hover.
    const startedAt = Date.parse((await first.locator("time").getAttribute("datetime")) ?? "");
    expect(startedAt).toBeGreaterThanOrEqual(clicked - 1000);
    expect(startedAt).toBeLessThanOrEqual(Date.now());
    const spelled = await page.evaluate((at) => new Date(at).toLocaleString(), startedAt);
    expect(await first.locator("time").getAttribute("title")).toBe(spelled);
    expect(await first.locator(".run-duration").textContent()).toMatch(/^\d+(\.\d)? m?s$/);
    expect(await panel.locator("summary").textContent()).toBe("Runs · 1, last failed");
    const firstId = await first.getAttribute("data-id");

    // Its detail: the working cell and the failing one with its error and line.
    await first.click();
    const detail = panel.locator(`tr.run-detail[data-id="${firstId}"]`);
    const cells = detail.locator("tr.run-cell");
    await expect.poll(() => cells.count(), EVENTUALLY).toBe(2);
    expect(await cells.evaluateAll((list) => list.map((row) => row.getAttribute("data-status")))).toEqual([
      "fulfilled",
      "rejected",
    ]);
    expect(await cells.nth(0).locator(".run-error").count()).toBe(0);
    const error = await cells.nth(1).locator(".run-error").textContent();
    // The throw is the cell's second line, as the cell's editor numbers it.
    expect(error).toBe("line 2:7: threshold table is missing");

    // A second run lands on top; the first one stays expanded.
    await runButton.click();
    await expect.poll(() => rows.count(), EVENTUALLY).toBe(2);
    const ids = await rows.evaluateAll((list) => list.map((row) => Number(row.getAttribute("data-id"))));
    expect(ids[0]).toBeGreaterThan(ids[1]!);
    expect(ids[1]).toBe(Number(firstId));
    expect(await detail.count()).toBe(1);
    await page.screenshot({ path: join(ARTIFACTS, "runs-panel.png"), fullPage: true });

    // The report link serves the run's stored report.
    const href = await rows.first().getByRole("link", { name: "report" }).getAttribute("href");
    expect(href).toBe(`/api/v1/runs/${ids[0]}/report`);
    const response = await fetch(new URL(href!, page.url()));
    expect(response.status).toBe(200);
    expect(await response.text()).toContain("Nightly scores check");

    // A click closes the detail again.
    await rows.nth(1).click();
    await expect.poll(() => detail.count(), EVENTUALLY).toBe(0);
    await page.close();
  });

  it("shows a run started elsewhere in the open panel within 2 s, told by the server over the socket", async () => {
    const page = await app.open("/w/nightly.md");
    const panel = page.locator("details.runs-panel");
    await panel.locator("summary").click();
    const rows = panel.locator("tr.run-row");
    // Loaded: the runs so far, or the note that there are none.
    await expect.poll(() => panel.locator(".runs-content > *").count(), EVENTUALLY).toBe(1);
    const before = await rows.count();

    // Not through the page: the panel polls no more, so only the server's news can show it.
    const response = await fetch(new URL("/api/v1/workbooks/nightly.md/runs", page.url()), {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: "{}",
    });
    expect(response.status, await response.clone().text()).toBe(201);
    const run = (await response.json()) as { id: number };
    await expect
      .poll(() => rows.evaluateAll((list) => list[0]?.getAttribute("data-id")), { timeout: 2000 })
      .toBe(String(run.id));
    expect(await rows.count()).toBe(before + 1);
    expect(await rows.first().locator(".run-trigger").textContent()).toBe("manual");
    await page.close();
  });
});
