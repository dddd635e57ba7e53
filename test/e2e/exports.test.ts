import { readFile } from "node:fs/promises";
import { join } from "node:path";
import type { Download, Locator, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ARTIFACTS } from "../helpers/browser.ts";
import { EXPORT_QUERY, EXPORT_ROWS, expectedDelimited, exportRows } from "../helpers/exportRows.ts";
import { EVENTUALLY, cell, startApp, type App } from "./app.ts";

const WORKBOOK = `---
title: Export review
---

\`\`\`sql table
${EXPORT_QUERY}
\`\`\`

\`\`\`js
Plot.dot(table, {x: "x", y: "x"}).plot({width: 320, height: 200})
\`\`\`

\`\`\`js
({method: "ks", share: 0.5, drift: true, features: [{feature: "income", statistic: 0.5, pValue: 0.01, drift: true}, {feature: "age", statistic: 0.1, pValue: 0.6, drift: false}]})
\`\`\`
`;

let app: App;
beforeAll(async () => {
  app = await startApp({ "export.md": WORKBOOK });
  await app.log(
    "m",
    exportRows(0, EXPORT_ROWS).map(({ id, x, note }) => ({ id, features: { x, note }, prediction: 0 })),
  );
});
afterAll(async () => {
  await app?.close();
});

/** Clicks `control` and returns what the browser downloaded: its suggested name and bytes. */
async function download(page: Page, control: Locator): Promise<{ name: string; bytes: Buffer }> {
  const [file] = (await Promise.all([page.waitForEvent("download"), control.click()])) as [Download, void];
  return { name: file.suggestedFilename(), bytes: await readFile((await file.path())!) };
}

const bar = (page: Page, index: number) => cell(page, index).locator(".output-downloads");

describe("downloads in Chromium", () => {
  it("downloads the whole table as CSV (more rows than the page holds), equal to the query result", async () => {
    const page = await app.open("/w/export.md");
    await expect.poll(() => cell(page, 0).locator(".outputs tbody tr").count(), EVENTUALLY).toBe(1000);
    const csv = await download(page, bar(page, 0).getByText("CSV", { exact: true }));
    expect(csv.name).toBe("export-table.csv");
    expect(csv.bytes.toString("utf8")).toBe(expectedDelimited(exportRows(0, EXPORT_ROWS)));

    await page.context().grantPermissions(["clipboard-read", "clipboard-write"]);
    await bar(page, 0).getByText("Copy TSV").click();
    await expect.poll(() => bar(page, 0).locator(".output-downloads-status").textContent(), EVENTUALLY).toBe("Copied");
    expect(await page.evaluate("navigator.clipboard.readText()")).toBe(
      expectedDelimited(exportRows(0, EXPORT_ROWS), "\t"),
    );
    expect(app.errors).toEqual([]);
    await page.close();
  });

  it("downloads a chart as SVG and as a PNG at twice its size, and a drift report as CSV and JSON", async () => {
    const page = await app.open("/w/export.md");
    await expect.poll(() => cell(page, 1).locator(".outputs svg").count(), EVENTUALLY).toBeGreaterThan(0);
    const svg = await download(page, bar(page, 1).getByText("SVG"));
    expect(svg.name).toBe("export-cell-1.svg");
    expect(svg.bytes.toString("utf8")).toMatch(/^<svg[^>]*xmlns="http:\/\/www\.w3\.org\/2000\/svg"/);
    const png = await download(page, bar(page, 1).getByText("PNG"));
    expect(png.name).toBe("export-cell-1.png");
    expect(png.bytes.subarray(1, 4).toString("latin1")).toBe("PNG");
    expect([png.bytes.readUInt32BE(16), png.bytes.readUInt32BE(20)]).toEqual([640, 400]); // IHDR: 2 × 320 by 2 × 200

    await expect.poll(() => bar(page, 2).count(), EVENTUALLY).toBe(1);
    const report = await download(page, bar(page, 2).getByText("CSV", { exact: true }));
    expect(report.bytes.toString("utf8").split("\r\n").slice(1, 3)).toEqual([
      "income,ks,drifted,0.5,0.01,,true,,,,,",
      "age,ks,stable,0.1,0.6,,false,,,,,",
    ]);
    await cell(page, 1).screenshot({ path: join(ARTIFACTS, "downloads-chart.png") });
    const json = await download(page, bar(page, 2).getByText("JSON"));
    expect(JSON.parse(json.bytes.toString("utf8"))).toMatchObject({
      method: "ks",
      features: [{ feature: "income" }, {}],
    });
    expect(app.errors).toEqual([]);
    await page.close();
  });

  it("shows share viewers download buttons only on links that allow them, and the CSV is the whole table", async () => {
    const editor = await app.open("/w/export.md");
    const panel = editor.locator("details.share-panel");
    await panel.locator("summary").click();
    const link = async (downloads: boolean) => {
      await panel.locator("input.share-downloads").setChecked(downloads);
      const input = panel.locator("input.share-url");
      const previous = (await input.count()) ? await input.inputValue() : "";
      await panel.locator("button.share-create").click();
      await expect.poll(() => input.inputValue(), EVENTUALLY).not.toBe(previous);
      return input.inputValue();
    };
    const allowed = await link(true);
    const plain = await link(false);

    const viewer = await app.openElsewhere(allowed);
    const table = viewer.locator(".shared-cell").first();
    await expect.poll(() => table.locator(".output-downloads").count(), EVENTUALLY).toBe(1);
    const csv = await download(viewer, table.locator(".output-downloads").getByText("CSV", { exact: true }));
    expect(csv.name).toBe("cell-0.csv");
    expect(csv.bytes.toString("utf8")).toBe(expectedDelimited(exportRows(0, EXPORT_ROWS)));

    const other = await app.openElsewhere(plain);
    await expect.poll(() => other.locator(".shared-cell table").count(), EVENTUALLY).toBeGreaterThan(0);
    expect(await other.locator(".output-downloads").count()).toBe(0);
    expect(app.errors).toEqual([]);
  });
});
