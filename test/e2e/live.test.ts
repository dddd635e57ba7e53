import { join } from "node:path";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { ARTIFACTS } from "../helpers/browser.ts";
import { workbookText } from "../helpers/workbooks.ts";
import { EVENTUALLY, cell, startApp, type App } from "./app.ts";
import { ENGINES, engineDatabases } from "../helpers/engines.ts";

const MARKUP = "<img src=x onerror=alert(1)>";

describe.each(ENGINES)("live data in Chromium on %s", (engine) => {
  const databases = engineDatabases(engine);
  let app: App;

  beforeAll(async () => {
    app = await startApp(
      {
        // One workbook for both tests: its runtime worker starts once.
        "live.md":
          "# Live\n\n" +
          workbookText(
            "```sql rows\nselect x, prediction from scores order by x\n```",
            'Plot.dot(rows, {x: "x", y: "prediction"}).plot()',
            "```sql labels\nselect name from names\n```",
          ),
      },
      { dbPath: await databases.location() },
    );
  });
  afterEach(() => {
    expect(app.errors).toEqual([]);
  });
  afterAll(async () => {
    await app?.close();
  });

  describe("updates", () => {
    it("re-draws a plot when a batch of predictions is logged, without a reload", async () => {
      await app.log(
        "scores",
        [1, 2, 3].map((x) => ({ features: { x }, prediction: x % 2 })),
      );
      const page = await app.open("/w/live.md");
      const dots = cell(page, 1).locator(".output-svg circle");
      await expect.poll(() => dots.count(), EVENTUALLY).toBe(3);
      await page.evaluate(() => Object.assign(globalThis, { sameDocument: true }));

      await app.log(
        "scores",
        [4, 5].map((x) => ({ features: { x }, prediction: x % 2 })),
      );
      await expect.poll(() => dots.count(), EVENTUALLY).toBe(5);
      await expect.poll(() => cell(page, 0).locator(".note").textContent(), EVENTUALLY).toBe("5 rows");
      expect(await page.evaluate(() => "sameDocument" in globalThis)).toBe(true);
      await page.screenshot({ path: join(ARTIFACTS, `live-plot-${engine}.png`), fullPage: true });
      await page.close();
    });

    it("shows a logged feature value that looks like markup as text", async () => {
      await app.log("names", [{ features: { name: MARKUP }, prediction: 0 }]);
      const page = await app.open("/w/live.md");
      const table = cell(page, 2).locator(".output-table");
      await expect.poll(() => table.locator("tbody td").first().textContent(), EVENTUALLY).toBe(MARKUP);
      expect(await page.locator(".blocks img").count()).toBe(0);
      expect(app.dialogs.map((dialog) => dialog.message())).toEqual([]);
      await page.screenshot({ path: join(ARTIFACTS, `markup-as-text-${engine}.png`), fullPage: true });
      await page.close();
    });
  });
});
