/**
 * Readers' inputs in Chromium: the params bar above a workbook (client/views/paramsBar.ts), in
 * the editor and on a share link, re-running what depends on a param for that viewer only, with
 * the choice in the URL.
 */
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ARTIFACTS } from "../helpers/browser.ts";
import { EVENTUALLY, cell, startApp, type App } from "./app.ts";

const WORKBOOK = `---
title: Regional review
params:
  region: {type: select, options: [eu, us], default: eu, viewer: true, label: Region}
  window: {type: select, options: [1d, 7d], default: 7d}
  threshold: {type: range, min: 0, max: 1, step: 0.05, default: 0.3}
  since: {type: date, default: 2026-01-31}
  note: {type: text}
  strict: {type: checkbox}
---

# Regional review

\`\`\`sql counted
select count(*) as predictions from credit where region = \${params.region}
\`\`\`

\`\`\`js
"window " + params.window
\`\`\`
`;

let app: App;
beforeAll(async () => {
  app = await startApp({ "regions.md": WORKBOOK });
  await app.log("credit", [
    { features: { region: "eu" }, prediction: 1, score: 0.9 },
    { features: { region: "us" }, prediction: 0, score: 0.1 },
    { features: { region: "us" }, prediction: 0, score: 0.2 },
    { features: { region: "us" }, prediction: 1, score: 0.7 },
  ]);
});
afterAll(async () => {
  await app?.close();
});

/** The runs recorded for the workbook: a reader's inputs are previews and record none. */
async function recordedRuns(page: import("playwright-core").Page): Promise<number> {
  const answer = await page.evaluate(() => fetch("/api/v1/workbooks/regions.md/runs").then((r) => r.json()));
  return (answer as { total: number }).total;
}

/** The text of a select's chosen option (@observablehq/inputs numbers the options' values). */
function selected(select: import("playwright-core").Locator): Promise<string | null> {
  return select.locator("option:checked").textContent();
}

describe("params bar in Chromium", () => {
  it("in the editor: a select changes an output, appears in the URL, and comes back from it on load", async () => {
    const page = await app.open("/w/regions.md");
    const counted = cell(page, 0).locator(".outputs td").last();
    await expect.poll(() => counted.textContent(), EVENTUALLY).toBe("1");
    const region = page.locator(".params-bar [data-param=region] select");
    expect(
      await page
        .locator(".params-bar [data-param]")
        .evaluateAll((inputs) => inputs.map((input) => input.getAttribute("data-param"))),
    ).toEqual(["region", "window", "threshold", "since", "note", "strict"]);
    await page.screenshot({ path: join(ARTIFACTS, "params-bar.png") });
    expect(await page.locator(".params-bar [data-param=region] label").textContent()).toBe("Region");

    await region.selectOption("us");
    await expect.poll(() => counted.textContent(), EVENTUALLY).toBe("3");
    expect(new URL(page.url()).search).toBe("?region=us");
    await page.locator(".params-bar [data-param=window] select").selectOption("1d");
    await expect.poll(() => cell(page, 1).locator(".outputs").textContent(), EVENTUALLY).toContain("window 1d");
    expect(new URL(page.url()).search).toBe("?region=us&window=1d");

    // Another reader of the same workbook still sees the defaults: the choice was this viewer's.
    const other = await app.open("/w/regions.md");
    await expect.poll(() => cell(other, 0).locator(".outputs td").last().textContent(), EVENTUALLY).toBe("1");
    expect(await cell(other, 1).locator(".outputs").textContent()).toContain("window 7d");
    await other.close();

    await page.reload();
    await expect.poll(() => selected(page.locator(".params-bar [data-param=region] select")), EVENTUALLY).toBe("us");
    await expect.poll(() => cell(page, 0).locator(".outputs td").last().textContent(), EVENTUALLY).toBe("3");
    expect(await recordedRuns(page)).toBe(0);
    expect(app.errors).toEqual([]);
    await page.close();
  });

  it("on a share link: a viewer param from the URL is taken, an undeclared or author-only one is ignored", async () => {
    const editor = await app.open("/w/regions.md");
    const created = await editor.evaluate(() =>
      fetch("/api/v1/shares", {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ workbook: "regions.md" }),
      }).then((r) => r.json()),
    );
    const link = (created as { url: string }).url;
    const viewer = await app.openElsewhere(`${link}?region=us&window=1d&secret=x`);
    const cells = viewer.locator(".shared-cell");
    await expect.poll(() => cells.nth(0).locator("td").last().textContent(), EVENTUALLY).toBe("3");
    expect(await cells.nth(1).textContent()).toContain("window 7d"); // `window` is not for viewers
    expect(await viewer.locator(".params-bar [data-param]").count()).toBe(1);
    expect(await selected(viewer.locator(".params-bar [data-param=region] select"))).toBe("us");

    // A value the declaration does not list is ignored: the default stands.
    const asia = await app.openElsewhere(`${link}?region=asia`);
    await expect
      .poll(() => asia.locator(".shared-cell").nth(0).locator("td").last().textContent(), EVENTUALLY)
      .toBe("1");
    await asia.close();

    // The viewer's own choice re-runs the view and is written to its URL.
    await viewer.locator(".params-bar [data-param=region] select").selectOption("eu");
    await expect.poll(() => cells.nth(0).locator("td").last().textContent(), EVENTUALLY).toBe("1");
    expect(new URL(viewer.url()).searchParams.get("region")).toBeNull();
    expect(await recordedRuns(editor)).toBe(0);
    expect(app.errors).toEqual([]);
    await editor.close();
  });
});
