/**
 * No lost edits, in Chromium against a server that goes down and comes back on the same port:
 * a save that failed meanwhile lands once the socket reconnects; a page reloaded or closed with
 * unsaved edits gets them back from the browser's storage on the next open, and when the file
 * changed on disk since, the prompt shows both sides and keeps the one the user picks.
 */
import { readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import type { Page } from "playwright-core";
import { ARTIFACTS } from "../helpers/browser.ts";
import { workbookText } from "../helpers/workbooks.ts";
import { EVENTUALLY, SLOW, cell, editorText, startApp, typeInCell, type App } from "./app.ts";

const TEXT = "# Drafts\n\n" + workbookText("const a = 1;", "a + 1");
/** The file as another hand changed it on disk while a draft waited. */
const CHANGED = TEXT.replace("a + 1", "a + 2");
const UNREACHABLE = "Unsaved: the server cannot be reached; saving when it is back";
let app: App;

beforeAll(async () => {
  app = await startApp({ "retry.md": TEXT, "reload.md": TEXT, "theirs.md": TEXT, "mine.md": TEXT });
});
afterEach(async () => {
  await app.startServer();
  expect(app.errors).toEqual([]);
});
afterAll(async () => {
  await app?.close();
});

const output = (page: Page, index: number) => cell(page, index).locator(".outputs").textContent();
const saveState = (page: Page) => page.locator(".save-state").textContent();
const onDisk = (name: string) => readFile(join(app.dir, name), "utf8");

/** Opens `name`, waits for its outputs, stops the server and edits the first cell: the edit cannot be saved. */
async function editWhileDown(name: string, source: string): Promise<Page> {
  const page = await app.open(`/w/${name}`);
  await expect.poll(() => output(page, 1), EVENTUALLY).toBe("2");
  // Monaco's JavaScript worker cut off mid-download would fail the page with an unhandled rejection.
  await page.waitForFunction(() =>
    performance.getEntriesByType("resource").some((entry) => entry.name.endsWith("/assets/ts.worker.js")),
  );
  await app.stopServer();
  await expect.poll(() => page.locator(".connection").textContent(), EVENTUALLY).toBe("offline — reconnecting");
  await typeInCell(page, 0, source);
  await page.keyboard.press("ControlOrMeta+S");
  await expect.poll(() => saveState(page), EVENTUALLY).toBe(UNREACHABLE);
  expect(await onDisk(name)).toBe(TEXT);
  return page;
}

/** A draft of `name` kept by a page closed while the server was down, with the file changed on disk since: the next page. */
async function draftOverChangedFile(name: string): Promise<Page> {
  const page = await editWhileDown(name, "const a = 5;");
  await page.close();
  await writeFile(join(app.dir, name), CHANGED);
  await app.startServer();
  return app.open(`/w/${name}`);
}

/** Reloads `page` and checks it opens on the file, with `output` from its second cell and no draft to offer. */
async function opensWithoutDraft(page: Page, output1: string): Promise<void> {
  await page.reload();
  await expect.poll(() => output(page, 1), EVENTUALLY).toBe(output1);
  expect(await page.locator(".conflict").count()).toBe(0);
}

describe("unsaved edits in Chromium", () => {
  it("saves an edit that failed while the server was down once the connection returns", async () => {
    const page = await editWhileDown("retry.md", "const a = 41;");
    await page.screenshot({ path: join(ARTIFACTS, "unsaved-server-down.png"), fullPage: true });
    await app.startServer();
    await expect.poll(() => saveState(page), SLOW).toBe("Saved");
    expect(await onDisk("retry.md")).toBe(TEXT.replace("const a = 1;", "const a = 41;"));
    await expect.poll(() => output(page, 1), EVENTUALLY).toBe("42");
    await page.close();
  });

  it("keeps an edit through a reload while the server is down and saves it after the restart", async () => {
    const page = await editWhileDown("reload.md", "const a = 5;");
    const address = page.url();
    // The server is down: Chromium shows its own error page, and the notebook's page is gone.
    await expect(page.reload()).rejects.toThrow(/ERR_CONNECTION_REFUSED/);
    await page.waitForURL(/^chrome-error:/);
    await page.waitForLoadState();
    await app.startServer();
    await page.goto(address);
    const banner = page.locator(".conflict");
    await banner.waitFor(EVENTUALLY);
    expect(await banner.locator("p").textContent()).toMatch(
      /^This browser kept edits you made on .* that never reached the file\.$/,
    );
    await expect.poll(() => editorText(page, 0), EVENTUALLY).toBe("const a = 5;");
    expect(await saveState(page)).toBe("Not saved: a draft from an earlier visit");
    expect(await onDisk("reload.md")).toBe(TEXT);
    await page.screenshot({ path: join(ARTIFACTS, "draft-offered.png"), fullPage: true });

    await banner.getByRole("button", { name: "Save my draft" }).click();
    await expect.poll(() => saveState(page), EVENTUALLY).toBe("Saved");
    expect(await onDisk("reload.md")).toBe(TEXT.replace("const a = 1;", "const a = 5;"));
    await expect.poll(() => output(page, 1), EVENTUALLY).toBe("6");
    expect(await banner.count()).toBe(0);
    // The draft landed, so the next page opens on the file with nothing to offer.
    await opensWithoutDraft(page, "6");
    await page.close();
  });

  it("shows the draft beside the file that changed on disk since, and keeps the file when told", async () => {
    const again = await draftOverChangedFile("theirs.md");
    const banner = again.locator(".conflict");
    await banner.waitFor(EVENTUALLY);
    expect(await banner.locator("p").textContent()).toMatch(
      /that never reached the file, and the file changed on disk since\.$/,
    );
    // Both sides: the file on the left, the draft on the right.
    const side = async (which: string) =>
      (await banner.locator(`.editor.${which} .view-lines`).innerText()).replace(/\u00a0/g, " ");
    await expect.poll(() => side("original"), EVENTUALLY).toContain("a + 2");
    await expect.poll(() => side("original"), EVENTUALLY).toContain("const a = 1;");
    await expect.poll(() => side("modified"), EVENTUALLY).toContain("const a = 5;");
    await expect.poll(() => side("modified"), EVENTUALLY).toContain("a + 1");
    await again.screenshot({ path: join(ARTIFACTS, "draft-conflict.png"), fullPage: true });

    await banner.getByRole("button", { name: "Keep the file" }).click();
    await expect.poll(() => editorText(again, 0), EVENTUALLY).toBe("const a = 1;");
    await expect.poll(() => output(again, 1), EVENTUALLY).toBe("3");
    expect(await saveState(again)).toBe("Saved");
    expect(await onDisk("theirs.md")).toBe(CHANGED);
    await opensWithoutDraft(again, "3");
    await again.close();
  });

  it("overwrites the file that changed on disk with the draft when told", async () => {
    const again = await draftOverChangedFile("mine.md");
    await again.locator(".conflict").getByRole("button", { name: "Keep my draft (overwrite)" }).click();
    await expect.poll(() => saveState(again), EVENTUALLY).toBe("Saved");
    expect(await onDisk("mine.md")).toBe(TEXT.replace("const a = 1;", "const a = 5;"));
    await expect.poll(() => output(again, 1), EVENTUALLY).toBe("6");
    await again.close();
  });
});
