/**
 * Interactive charts in Chromium: a `tip: true` Plot chart rendered on the server shows its
 * tooltip at the hovered point, with Plot's words for it, in the editor and in a share view,
 * and its legend's swatches hide and show their series (issue 24 item 4).
 */
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { EVENTUALLY, cell, startApp, type App } from "./app.ts";

const WORKBOOK = `---
title: Scores by segment
---

\`\`\`js
const rows = [
  {day: 1, score: 0.2, segment: "retail"},
  {day: 2, score: 0.7, segment: "retail"},
  {day: 3, score: 0.4, segment: "business"},
];
\`\`\`

\`\`\`js
Plot.dot(rows, {x: "day", y: "score", fill: "segment", r: 6, tip: true}).plot({color: {legend: true}})
\`\`\`
`;

let app: App;
beforeAll(async () => {
  app = await startApp({ "scores.md": WORKBOOK });
});
afterAll(async () => {
  await app?.close();
});

/** Hovers the second dot (day 2) and returns the tooltip's lines. */
async function hoverSecondDot(page: Page): Promise<string[]> {
  const dot = page.locator("svg g[aria-label='dot'] circle").nth(1);
  await dot.waitFor(EVENTUALLY);
  await dot.hover();
  const tooltip = page.locator(".chart-tooltip");
  await expect.poll(() => tooltip.isVisible(), EVENTUALLY).toBe(true);
  return tooltip.locator("div").allTextContents();
}

describe("a tip: true chart in Chromium", () => {
  it("shows the hovered point's tooltip and a crosshair in the editor; a swatch hides its series", async () => {
    const page = await app.open("/w/scores.md");
    expect(await hoverSecondDot(page)).toEqual(["segment retail", "day 2", "score 0.7"]);
    expect(await page.locator(".chart-crosshair").isVisible()).toBe(true);

    const chart = cell(page, 1);
    const swatch = chart.locator(".chart-swatch", { hasText: "retail" });
    await swatch.click();
    expect(await swatch.getAttribute("aria-pressed")).toBe("false");
    const visible = () =>
      chart
        .locator("svg g[aria-label='dot'] circle")
        .evaluateAll((dots) => dots.filter((dot) => !(dot.getAttribute("style") ?? "").includes("none")).length);
    expect(await visible()).toBe(1);
    await swatch.click();
    expect(await visible()).toBe(3);
    expect(app.errors).toEqual([]);
    await page.close();
  });

  it("shows the same tooltip in a share view, which got values, not the spec", async () => {
    const editor = await app.open("/w/scores.md");
    const { url } = await editor.evaluate(async () => {
      const response = await fetch("/api/v1/shares", {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ workbook: "scores.md" }),
      });
      return (await response.json()) as { url: string };
    });
    const viewer = await app.openElsewhere(url);
    expect(await hoverSecondDot(viewer)).toEqual(["segment retail", "day 2", "score 0.7"]);
    expect(await viewer.content()).not.toContain("tip: true");
    expect(app.errors).toEqual([]);
    await editor.close();
    await viewer.close();
  });
});
