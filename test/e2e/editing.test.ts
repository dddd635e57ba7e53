import { readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { ARTIFACTS } from "../helpers/browser.ts";
import { workbookText } from "../helpers/workbooks.ts";
import { EVENTUALLY, cell, editorText, save, startApp, typeInCell, type App } from "./app.ts";

let app: App;
const SHARED = "# Shared\n\n" + workbookText("const a = 1;", "a + 1", '"untouched"');

beforeAll(async () => {
  app = await startApp({ "shared.md": SHARED, "errors.md": SHARED, "conflict.md": SHARED, "cells.md": SHARED });
});
afterEach(() => {
  expect(app.errors).toEqual([]);
});
afterAll(async () => {
  await app?.close();
});

const output = (page: Awaited<ReturnType<App["open"]>>, index: number) =>
  cell(page, index).locator(".outputs").textContent();

describe("editing in Chromium", () => {
  it("keeps two pages on one workbook in sync, saving a moment after the last keystroke", async () => {
    const [first, second] = [await app.open("/w/shared.md"), await app.open("/w/shared.md")];
    await expect.poll(() => output(second, 1), EVENTUALLY).toBe("2");

    await typeInCell(first, 0, "const a = 41;");
    expect(await first.locator(".save-state").textContent()).toBe("Unsaved changes");
    await expect.poll(() => first.locator(".save-state").textContent(), EVENTUALLY).toBe("Saved");
    await expect.poll(() => output(second, 1), EVENTUALLY).toBe("42");
    await expect.poll(() => editorText(second, 0), EVENTUALLY).toBe("const a = 41;");
    expect(await second.locator(".save-state").textContent()).toBe("Saved");
    await second.screenshot({ path: join(ARTIFACTS, "second-page.png"), fullPage: true });
    await Promise.all([first.close(), second.close()]);
  });

  it("shows a syntax error at its cell with its line in the cell while the other cells keep their outputs", async () => {
    const page = await app.open("/w/errors.md");
    await expect.poll(() => output(page, 2), EVENTUALLY).toBe('"untouched"');

    await typeInCell(page, 1, "a + * 1");
    await save(page);
    const error = cell(page, 1).locator(".output-error");
    // The edited cell has one line: line 8 of the file, line 1 of the cell as its editor numbers it.
    await expect.poll(() => error.locator("strong").textContent(), EVENTUALLY).toBe("Error at line 1:5");
    expect(await cell(page, 1).getAttribute("data-status")).toBe("rejected");
    expect(await output(page, 2)).toBe('"untouched"');
    expect(await cell(page, 2).getAttribute("data-status")).toBe("fulfilled");
    expect(await cell(page, 0).getAttribute("data-status")).toBe("fulfilled");
    await page.screenshot({ path: join(ARTIFACTS, "syntax-error.png"), fullPage: true });
    await page.close();
  });

  it("adds, moves and deletes cells, and writes the file as a person would", async () => {
    const page = await app.open("/w/cells.md");
    await expect.poll(() => output(page, 2), EVENTUALLY).toBe('"untouched"');

    await cell(page, 0).hover();
    await cell(page, 0).getByRole("button", { name: "+ sql" }).click();
    // The new cell's name is asked first; the suggested one is taken.
    await page.locator("dialog.name-dialog").getByRole("button", { name: "OK" }).click();
    await page.keyboard.insertText("select 2 as two");
    await cell(page, 3).getByRole("button", { name: "Move cell up" }).click();
    await cell(page, 3).getByRole("button", { name: "Delete cell" }).click();
    await save(page);
    expect(await readFile(join(app.dir, "cells.md"), "utf8")).toBe(
      '# Shared\n\n```js\nconst a = 1;\n```\n\n```sql query1\nselect 2 as two\n```\n\n```js\n"untouched"\n```\n',
    );
    await expect.poll(() => cell(page, 1).locator(".output-table td").textContent(), EVENTUALLY).toBe("2");
    expect(await output(page, 2)).toBe('"untouched"');
    await page.close();
  });

  it("asks which side to keep when the file changes under unsaved edits, and overwrites only when told", async () => {
    const page = await app.open("/w/conflict.md");
    const banner = page.locator(".conflict");
    await expect.poll(() => output(page, 1), EVENTUALLY).toBe("2");

    await typeInCell(page, 0, "const a = 5;");
    await writeFile(join(app.dir, "conflict.md"), SHARED.replace("const a = 1;", "const a = 7;"));
    await banner.waitFor(EVENTUALLY);
    await page.screenshot({ path: join(ARTIFACTS, "conflict.png"), fullPage: true });
    await banner.getByRole("button", { name: "Reload theirs" }).click();
    await expect.poll(() => output(page, 1), EVENTUALLY).toBe("8");
    await expect.poll(() => editorText(page, 0), EVENTUALLY).toBe("const a = 7;");
    expect(await readFile(join(app.dir, "conflict.md"), "utf8")).toContain("const a = 7;");

    await typeInCell(page, 0, "const a = 100;");
    await writeFile(join(app.dir, "conflict.md"), SHARED.replace("const a = 1;", "const a = 9;"));
    await banner.getByRole("button", { name: "Keep mine (overwrite)" }).click();
    await expect.poll(() => page.locator(".save-state").textContent(), EVENTUALLY).toBe("Saved");
    expect(await readFile(join(app.dir, "conflict.md"), "utf8")).toContain("const a = 100;");
    await expect.poll(() => output(page, 1), EVENTUALLY).toBe("101");
    await page.close();
  });
});
