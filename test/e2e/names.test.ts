import { readFile } from "node:fs/promises";
import { join } from "node:path";
import type { Page } from "playwright-core";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { ARTIFACTS } from "../helpers/browser.ts";
import { cell, EVENTUALLY, startApp, type App } from "./app.ts";

const SCORES = `---
title: Scores alerting
model: scores
on: data
every: 100ms
---

\`\`\`js
const share = (await sql\`select avg(prediction) as share from scores\`).get("share", 0);
\`\`\`

\`\`\`alert high-share
when: share >= 0.5
severity: critical
\`\`\`
`;

const FRAUD = `---
title: Fraud checks
model: fraud
schedule: "0 6 * * *"
---

Nothing yet.
`;

let app: App;

beforeAll(async () => {
  app = await startApp({ "scores.md": SCORES, "fraud.md": FRAUD });
  // New data runs the `on: data` workbook as a production run: the rule fires.
  await app.log(
    "scores",
    [1, 1, 0].map((prediction) => ({ features: { segment: "a" }, prediction })),
  );
});
afterEach(() => {
  expect(app.errors).toEqual([]);
  expect(app.dialogs.map((dialog) => dialog.message())).toEqual([]);
});
afterAll(async () => {
  await app?.close();
});

/** The state the alerts panel shows for `rule`'s instance, or null when it lists none. */
function panelState(page: Page, rule: string): Promise<string | null> {
  const row = page.locator(`details.alerts-panel tr.alert-row[data-rule="${rule}"]`);
  return row.count().then((count) => (count === 0 ? null : row.first().getAttribute("data-state")));
}

/** The alert instances stored for scores.md, as the alerts API answers. */
async function storedAlerts(page: Page): Promise<{ rule: string; state: string; activeSince: number }[]> {
  const response = await fetch(new URL("/api/v1/alerts?workbook=scores.md", page.url()));
  return (await response.json()) as { rule: string; state: string; activeSince: number }[];
}

describe("names in Chromium", () => {
  it("renames a firing rule from its cell header: it is still firing under its new name", async () => {
    const page = await app.open("/w/scores.md");
    await expect.poll(() => panelState(page, "high-share"), EVENTUALLY).toBe("firing");
    const before = await storedAlerts(page);
    expect(before).toEqual([expect.objectContaining({ rule: "high-share", state: "firing" })]);

    const rule = cell(page, 1);
    await rule.getByRole("button", { name: "Rename cell" }).click();
    const dialog = page.locator("dialog.name-dialog");
    await expect
      .poll(() => dialog.locator(".name-note").textContent(), EVENTUALLY)
      .toContain("firing now and stays so");
    const field = dialog.getByLabel("New name");
    await field.fill("share too high");
    expect(await dialog.locator(".form-error").textContent()).toContain("only letters, digits");
    expect(await dialog.getByRole("button", { name: "Rename rule" }).isDisabled()).toBe(true);
    await field.fill("share-too-high");
    await page.screenshot({ path: join(ARTIFACTS, "rename-rule-dialog.png"), fullPage: true });
    await dialog.getByRole("button", { name: "Rename rule" }).click();
    await expect.poll(() => dialog.count(), EVENTUALLY).toBe(0);

    await expect.poll(() => rule.locator(".cell-label").textContent(), EVENTUALLY).toBe("alert share-too-high");
    await expect.poll(() => panelState(page, "share-too-high"), EVENTUALLY).toBe("firing");
    expect(await panelState(page, "high-share")).toBeNull();
    expect(await readFile(join(app.dir, "scores.md"), "utf8")).toBe(
      SCORES.replace("```alert high-share", "```alert share-too-high"),
    );
    // New data keeps it firing under the new name, active since it first fired: the state was carried, not started again.
    await app.log(
      "scores",
      [1].map((prediction) => ({ features: { segment: "b" }, prediction })),
    );
    await expect
      .poll(() => storedAlerts(page), EVENTUALLY)
      .toEqual([
        expect.objectContaining({ rule: "share-too-high", state: "firing", activeSince: before[0].activeSince }),
      ]);
    await page.close();
  });

  it("names a new sql cell as it is added, suggesting a free name and refusing a reserved word", async () => {
    const page = await app.open("/w/fraud.md");
    await page.getByRole("button", { name: "+ sql" }).first().click();
    const dialog = page.locator("dialog.name-dialog");
    const field = dialog.getByLabel("Variable name");
    expect(await field.inputValue()).toBe("query1");
    await field.fill("class");
    expect(await dialog.locator(".form-error").textContent()).toContain("cannot be a variable name");
    await field.fill("recent");
    await dialog.getByRole("button", { name: "OK" }).click();
    await expect.poll(() => cell(page, 0).locator(".cell-label").textContent(), EVENTUALLY).toBe("sql recent");
    await expect.poll(() => readFile(join(app.dir, "fraud.md"), "utf8"), EVENTUALLY).toContain("```sql recent\n");
    await page.close();
  });

  it("searches and filters the list by text, model and state, showing model, alert state and next run", async () => {
    const page = await app.open("/");
    const rows = page.locator("table.workbooks tbody tr");
    await expect.poll(() => rows.count(), EVENTUALLY).toBe(2);
    const scores = rows.filter({ hasText: "scores.md" });
    expect(await scores.locator("td.model").textContent()).toBe("scores");
    expect(await scores.locator("td.alert-state").textContent()).toBe("firing");
    expect(await rows.filter({ hasText: "fraud.md" }).locator("td.next-run").textContent()).not.toBe("");

    await page.getByLabel("Search workbooks").fill("fraud");
    await expect.poll(() => rows.count(), EVENTUALLY).toBe(1);
    expect(await rows.first().textContent()).toContain("Fraud checks");
    await page.getByLabel("Search workbooks").fill("");
    await page.getByLabel("Alert state").selectOption("firing");
    await expect.poll(() => rows.count(), EVENTUALLY).toBe(1);
    expect(await rows.first().textContent()).toContain("Scores alerting");
    await page.getByLabel("Model").selectOption("fraud");
    await expect.poll(() => rows.count(), EVENTUALLY).toBe(0);
    expect(new URL(page.url()).search).toBe("?model=fraud&state=firing");
    await page.screenshot({ path: join(ARTIFACTS, "list-filter.png"), fullPage: true });
    // The filter is in the URL: a reload shows the same.
    await page.reload();
    await expect
      .poll(() => page.locator(".list .note").first().textContent(), EVENTUALLY)
      .toBe("Showing 0 of 2 workbooks.");
    await page.close();
  });

  it("moves a workbook from its page: the editor and an open share view follow it, its alert state comes along", async () => {
    const page = await app.open("/w/scores.md");
    await expect.poll(() => panelState(page, "share-too-high"), EVENTUALLY).toBe("firing");
    const share = await fetch(new URL("/api/v1/shares", page.url()), {
      method: "POST",
      headers: { "content-type": "application/json", origin: new URL(page.url()).origin },
      body: JSON.stringify({ workbook: "scores.md", expiresIn: "1d" }),
    });
    const { url: link } = (await share.json()) as { url: string };
    const viewer = await app.openElsewhere(link);
    await expect.poll(() => viewer.title(), EVENTUALLY).toBe("Scores alerting");
    await viewer.evaluate("window.beforeMove = true");
    await page.getByRole("button", { name: "Move…" }).click();
    const dialog = page.locator("dialog.name-dialog");
    await dialog.getByLabel("Path").fill("team/scores.md");
    await dialog.getByRole("button", { name: "Move" }).click();
    await expect.poll(() => new URL(page.url()).pathname, EVENTUALLY).toBe("/w/team/scores.md");
    await expect.poll(() => panelState(page, "share-too-high"), EVENTUALLY).toBe("firing");
    // The viewer's link follows the workbook: the view opens again (a new page: no marker) and shows it.
    await expect.poll(() => viewer.evaluate("'beforeMove' in window"), EVENTUALLY).toBe(false);
    await expect.poll(() => viewer.title(), EVENTUALLY).toBe("Scores alerting");
    expect(await viewer.locator(".share-ended").count()).toBe(0);
    expect(viewer.url()).toBe(link);
    await page.close();
  });
});
