/**
 * Readable outputs in Chromium (issue 24 item 6): a table taller than its box says how many rows
 * are in view and that it scrolls, a wide one scrolls sideways inside its box, numbers read by
 * magnitude with the exact value on hover, and a dataQuality result is a report.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { EVENTUALLY, cell, startApp, type App } from "./app.ts";

const WORKBOOK = `---
title: Readable outputs
---

\`\`\`js
Array.from({length: 31}, (_, i) => ({row: i, score: i / 7}))
\`\`\`

\`\`\`js
[Object.fromEntries(Array.from({length: 40}, (_, i) => [\`a_rather_long_column_name_\${i}\`, i * 1000.5]))]
\`\`\`

\`\`\`js
detectors.dataQuality([{age: 1, region: "eu"}, {age: null, region: "eu"}])
\`\`\`
`;

let app: App;
beforeAll(async () => {
  app = await startApp({ "readable.md": WORKBOOK });
});
afterAll(async () => {
  await app?.close();
});

describe("readable outputs in Chromium", () => {
  it("says which rows of a clipped table are in view, scrolls wide ones sideways, and rounds numbers", async () => {
    const page = await app.open("/w/readable.md");
    const long = cell(page, 0).locator(".output-table");
    await expect
      .poll(() => long.locator(".note").textContent(), EVENTUALLY)
      .toMatch(/^showing \d+ of 31 rows · scroll$/);
    const inView = Number((await long.locator(".note").textContent())!.match(/showing (\d+)/)![1]);
    expect(inView).toBeGreaterThan(5);
    expect(inView).toBeLessThan(31);
    const third = long.locator("tbody tr").nth(3).locator("td").nth(1);
    expect(await third.textContent()).toBe("0.4286");
    expect(await third.getAttribute("title")).toBe(String(3 / 7));

    const wide = cell(page, 1).locator(".output-table");
    await expect.poll(() => wide.locator(".note").textContent(), EVENTUALLY).toBe("1 row · scroll sideways");
    const overflow = await wide
      .locator(".scroll")
      .evaluate((box) => [box.scrollWidth > box.clientWidth, box.scrollLeft]);
    expect(overflow[0]).toBe(true);
    expect(await page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")).toBe(true);

    const quality = cell(page, 2).locator(".output-quality");
    await expect
      .poll(() => quality.locator("li").allTextContents(), EVENTUALLY)
      .toEqual(["missing values: age", "constant: age, region"]);
    expect(app.errors).toEqual([]);
    await page.close();
  });
});
