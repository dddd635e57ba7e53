import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { ARTIFACTS } from "../helpers/browser.ts";
import { ROOT } from "../helpers/cli.ts";
import { EVENTUALLY, cell, runCounts, save, startApp, typeInCell, type App } from "./app.ts";

let app: App;

beforeAll(async () => {
  app = await startApp({ "getting-started.md": await readFile(join(ROOT, "workbooks", "getting-started.md"), "utf8") });
});
afterEach(() => {
  expect(app.errors).toEqual([]);
});
afterAll(async () => {
  await app?.close();
});

describe("the example workbook in Chromium", () => {
  it("opens from the list and shows its plot, table and values", async () => {
    const page = await app.open("/");
    await page.getByRole("link", { name: "Getting started" }).click();
    await page.waitForURL(/\/w\/getting-started\.md$/);
    await expect
      .poll(() => cell(page, 3).locator(".output-svg svg [aria-label='line'] path").count(), EVENTUALLY)
      .toBeGreaterThan(0);
    await expect.poll(() => cell(page, 4).locator("tbody tr").count(), EVENTUALLY).toBe(14);
    expect(await cell(page, 4).locator(".note").textContent()).toBe("14 rows");
    await expect
      .poll(() => cell(page, 6).locator(".output-json").textContent(), EVENTUALLY)
      .toContain("shiftInStandardDeviations");
    await page.screenshot({ path: join(ARTIFACTS, "getting-started.png"), fullPage: true });
    await page.close();
  });

  it("re-runs an edited cell and the cells that depend on it, and no other", async () => {
    const page = await app.open("/w/getting-started.md");
    await expect.poll(() => cell(page, 6).locator(".output-json").textContent(), EVENTUALLY).toContain("meanBefore");
    const plot = await cell(page, 3).locator(".output-svg").innerHTML();
    const stats = await cell(page, 6).locator(".output-json").textContent();
    expect(await runCounts(page)).toEqual(["1", "1", "1", "1", "1", "1", "1"]);

    await typeInCell(
      page,
      1,
      "const next = random(7);\n" +
        "const scores = Array.from({length: params.days * 100}, (_, i) => ({day: Math.floor(i / 100) + 1, score: 0.5 + 0.1 * normal(next)}));\n" +
        "display(scores.length);",
    );
    await save(page);

    await expect.poll(() => cell(page, 1).locator(".output-json").textContent(), EVENTUALLY).toBe("1400");
    await expect
      .poll(() => cell(page, 4).locator("tbody tr:first-child td:last-child").textContent(), EVENTUALLY)
      .toBe("100");
    await expect.poll(() => cell(page, 6).locator(".output-json").textContent(), EVENTUALLY).not.toBe(stats);
    await expect.poll(() => cell(page, 3).locator(".output-svg").innerHTML(), EVENTUALLY).not.toBe(plot);
    // The generator cell reads nothing that changed: it did not run again. The edited cell is a new cell (run 1).
    await expect.poll(() => runCounts(page), EVENTUALLY).toEqual(["1", "1", "2", "2", "2", "2", "2"]);
    expect(await readFile(join(app.dir, "getting-started.md"), "utf8")).toContain("display(scores.length);\n```");
    await page.screenshot({ path: join(ARTIFACTS, "edited-cell.png"), fullPage: true });
    await page.close();
  });
});
