import { join } from "node:path";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import type { Page } from "playwright-core";
import { ARTIFACTS } from "../helpers/browser.ts";
import { EVENTUALLY, cell, save, startApp, typeInCell, type App } from "./app.ts";

let app: App;
// Prose and a cell above the edited one, so its lines in the file are far from its own lines.
const TEXT =
  "# Places\n\nSome prose\nover two lines.\n\n```js\nconst a = 1;\n```\n\n```js\nconst total = a + 1;\n```\n";

beforeAll(async () => {
  app = await startApp({ "syntax.md": TEXT, "library.md": TEXT });
});
afterEach(() => {
  expect(app.errors).toEqual([]);
});
afterAll(async () => {
  await app?.close();
});

/** The number in the editor's gutter on the row where the cell's error is underlined. */
async function underlinedGutterLine(page: Page, index: number): Promise<string | undefined> {
  const squiggle = await cell(page, index).locator(".squiggly-error").first().boundingBox();
  if (!squiggle) return undefined;
  const middle = squiggle.y + squiggle.height / 2;
  for (const number of await cell(page, index).locator(".line-numbers").all()) {
    const row = await number.boundingBox();
    if (row && middle >= row.y && middle < row.y + row.height) return (await number.textContent())?.trim();
  }
  return undefined;
}

describe("error places in Chromium", () => {
  it("says a syntax error on the cell's line 2 is at line 2, where the gutter underlines it", async () => {
    const page = await app.open("/w/syntax.md");
    await expect.poll(() => cell(page, 1).getAttribute("data-status"), EVENTUALLY).toBe("fulfilled");

    await typeInCell(page, 1, "const b = 2;\nconst c = ;\nconst d = 3;");
    await save(page);
    const heading = cell(page, 1).locator(".output-error strong");
    // In the file this is line 12: the cell's own line is what its editor shows.
    await expect.poll(() => heading.textContent(), EVENTUALLY).toBe("Error at line 2:11");
    await expect.poll(() => underlinedGutterLine(page, 1), EVENTUALLY).toBe("2");
    await page.screenshot({ path: join(ARTIFACTS, "error-cell-line.png"), fullPage: true });
    await page.close();
  });

  it("places an error thrown inside Arquero at the cell's line that called it", async () => {
    const page = await app.open("/w/library.md");
    await expect.poll(() => cell(page, 1).getAttribute("data-status"), EVENTUALLY).toBe("fulfilled");

    await typeInCell(
      page,
      1,
      "const t = aq.table({a: [1, 2]});\n\nconst sorted = t.groupby('a').rollup({n: op.count()}).orderby('zzz');",
    );
    await save(page);
    const heading = cell(page, 1).locator(".output-error strong");
    await expect.poll(() => heading.textContent(), EVENTUALLY).toBe("Error at line 3:55");
    await expect.poll(() => underlinedGutterLine(page, 1), EVENTUALLY).toBe("3");
    await page.close();
  });
});
