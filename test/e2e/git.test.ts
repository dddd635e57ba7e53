import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ARTIFACTS } from "../helpers/browser.ts";
import { gitIn, initRepo } from "../helpers/git.ts";
import { EVENTUALLY, SLOW, cell, save, startDemoApp, typeInCell, type App } from "./app.ts";

let app: App;

beforeAll(async () => {
  app = await startDemoApp();
  await initRepo(app.dir, { name: "Risk Analyst", email: "analyst@example.com" });
  await gitIn(app.dir, "add", "credit-drift.md");
  await gitIn(app.dir, "commit", "-q", "-m", "Add the credit drift workbook");
});
afterAll(async () => {
  await app?.close();
});

describe("the demo workbook in git, in Chromium", () => {
  it("is marked modified after an edit, shows the diff, commits with a message and lists the commit", async () => {
    const page = await app.open("/w/credit-drift.md");
    const panel = page.locator("details.git-panel");
    const summary = panel.locator("summary");
    await expect.poll(() => summary.textContent(), EVENTUALLY).toBe("Git · clean");
    await expect
      .poll(() => cell(page, 2).locator(".outputs").textContent(), SLOW)
      .toMatch(/20% of 10 features drifted/);

    await typeInCell(page, 1, "const drift = detectors.tabularDrift(reference, current, {threshold: 0.02});");
    await save(page);
    await expect.poll(() => summary.textContent(), EVENTUALLY).toBe("Git · modified");

    await summary.click();
    await panel.locator("button.diff-head").click();
    const changed = panel.locator(".git-diff .diff-block.diff-changed");
    await expect.poll(() => changed.count(), EVENTUALLY).toBe(1);
    expect(await changed.locator(".diff-badge").textContent()).toBe("changed");
    expect(await changed.locator(".line-add").textContent()).toContain("{threshold: 0.02}");
    expect(await changed.locator(".line-del").textContent()).toContain("tabularDrift(reference, current)");
    await page.screenshot({ path: join(ARTIFACTS, "git-diff.png"), fullPage: true });

    await panel.locator("textarea.commit-message").fill("Lower the drift threshold to 0.02");
    await panel.locator("button.commit").click();
    await expect
      .poll(() => panel.locator(".commit-result").textContent(), EVENTUALLY)
      .toMatch(/^Committed [0-9a-f]{7}$/);
    await expect.poll(() => summary.textContent(), EVENTUALLY).toBe("Git · clean");
    const rows = panel.locator("tr.commit-row");
    await expect.poll(() => rows.count(), EVENTUALLY).toBe(2);
    expect(await rows.first().locator(".commit-subject").textContent()).toBe("Lower the drift threshold to 0.02");
    expect(await rows.first().locator(".commit-author").textContent()).toBe("Risk Analyst");
    const head = (await gitIn(app.dir, "log", "-1", "--format=%H %s")).trim();
    expect(head).toBe(`${await rows.first().getAttribute("data-commit")} Lower the drift threshold to 0.02`);
    await page.screenshot({ path: join(ARTIFACTS, "git-history.png"), fullPage: true });
    expect(app.errors).toEqual([]);
    expect(app.dialogs).toEqual([]);
  });
});
