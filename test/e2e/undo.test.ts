/**
 * Undoing cell deletes and moves in Chromium: the toast's Undo button and Ctrl+Z outside the
 * editors bring the notebook and the file back to the bytes they had, while Ctrl+Z inside a
 * cell's editor stays Monaco's own undo of the typing.
 */
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import type { Page } from "playwright-core";
import { ARTIFACTS } from "../helpers/browser.ts";
import { workbookText } from "../helpers/workbooks.ts";
import { EVENTUALLY, cell, editorText, save, startApp, type App } from "./app.ts";

const TEXT = "# Undo\n\nSome prose.\n\n" + workbookText("const a = 1;", "a + 1", '"last"');
/** The last cell's fence runs to the end of the file: a move gives it a closing fence, and undo must take it away. */
const OPEN_END = "# Undo\n\n" + workbookText("const a = 1;", "a + 1") + '\n```js\n"last"\n';
let app: App;

beforeAll(async () => {
  app = await startApp({ "toast.md": TEXT, "keys.md": TEXT, "move.md": OPEN_END });
});
afterEach(() => {
  expect(app.errors).toEqual([]);
});
afterAll(async () => {
  await app?.close();
});

const output = (page: Page, index: number) => cell(page, index).locator(".outputs").textContent();
const onDisk = (name: string) => readFile(join(app.dir, name), "utf8");

async function opened(name: string): Promise<Page> {
  const page = await app.open(`/w/${name}`);
  await expect.poll(() => output(page, 2), EVENTUALLY).toBe('"last"');
  return page;
}

describe("undo in Chromium", () => {
  it("brings a deleted cell back, and the file as it was, from the toast", async () => {
    const page = await opened("toast.md");
    await cell(page, 1).getByRole("button", { name: "Delete cell" }).click();
    await save(page);
    expect(await onDisk("toast.md")).toBe(TEXT.replace("```js\na + 1\n```\n\n", ""));
    const toast = page.locator(".toast");
    expect(await toast.locator("span").textContent()).toBe("Deleted a js cell.");
    await page.screenshot({ path: join(ARTIFACTS, "undo-toast.png"), fullPage: true });

    await toast.getByRole("button", { name: "Undo" }).click();
    expect(await toast.count()).toBe(0);
    expect(await page.locator(".cell").count()).toBe(3);
    await expect.poll(() => editorText(page, 1), EVENTUALLY).toBe("a + 1");
    await save(page);
    expect(await onDisk("toast.md")).toBe(TEXT);
    await expect.poll(() => output(page, 1), EVENTUALLY).toBe("2");
    await page.close();
  });

  it("leaves Ctrl+Z inside an editor to Monaco, and undoes the delete with Ctrl+Z outside", async () => {
    const page = await opened("keys.md");
    await cell(page, 1).getByRole("button", { name: "Delete cell" }).click();
    await save(page);
    expect(await page.locator(".cell").count()).toBe(2);

    await cell(page, 0).locator(".monaco-editor .view-lines").click();
    await page.keyboard.press("End");
    await page.keyboard.insertText("0");
    await expect.poll(() => editorText(page, 0), EVENTUALLY).toBe("const a = 1;0");
    await page.keyboard.press("ControlOrMeta+Z");
    await expect.poll(() => editorText(page, 0), EVENTUALLY).toBe("const a = 1;");
    expect(await page.locator(".cell").count()).toBe(2);

    await page.locator(".page-bar .title").click();
    await page.keyboard.press("ControlOrMeta+Z");
    expect(await page.locator(".cell").count()).toBe(3);
    await expect.poll(() => editorText(page, 1), EVENTUALLY).toBe("a + 1");
    await save(page);
    expect(await onDisk("keys.md")).toBe(TEXT);
    await page.close();
  });

  it("undoes a move with Ctrl+Z, down to the last fence the file left open", async () => {
    const page = await opened("move.md");
    await cell(page, 2).getByRole("button", { name: "Move cell up" }).click();
    await save(page);
    expect(await onDisk("move.md")).toBe("# Undo\n\n" + workbookText("const a = 1;", '"last"', "a + 1"));

    await page.keyboard.press("ControlOrMeta+Z");
    await expect.poll(() => editorText(page, 2), EVENTUALLY).toBe('"last"');
    await save(page);
    expect(await onDisk("move.md")).toBe(OPEN_END);
    await page.close();
  });
});
