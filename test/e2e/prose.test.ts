/**
 * Writing a workbook's prose and settings in Chromium, as a user does: a paragraph edited in
 * place with a live preview, text added after a cell, and front matter fields set through the
 * settings panel (a schedule explained with its next runs, a model picked from the server's, a
 * param's default); bad values refused beside their field. The file on disk differs from the
 * original exactly in what was edited: comments, quotes and every other line stay.
 */
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { ARTIFACTS } from "../helpers/browser.ts";
import { EVENTUALLY, cell, save, startApp, type App } from "./app.ts";

const ORIGINAL = [
  "---",
  "# Owned by the credit team",
  "title: Prose and settings   # shown in the list",
  'schedule: "0 * * * *"       # hourly',
  "params:",
  "  days: 7   # how far back",
  "  region: {type: select, options: [eu, us], default: eu}",
  "---",
  "",
  "# Notes",
  "",
  "The first paragraph.",
  "",
  "```js",
  "params.days",
  "```",
  "",
].join("\n");

let app: App;

beforeAll(async () => {
  app = await startApp({
    "prose.md": ORIGINAL,
    "invalid.md": ORIGINAL,
    "unknown-model.md": ORIGINAL.replace("---\n\n", "model: churn\n---\n\n"),
    "bad-yaml.md": "---\ntitle: [unclosed\n---\n\n# Notes\n",
  });
  await app.log("credit", [{ id: "1", ts: 1_700_000_000_000, prediction: 1, features: { income: 5 } }]);
});
afterEach(() => {
  expect(app.errors).toEqual([]);
});
afterAll(async () => {
  await app?.close();
});

const onDisk = (name: string) => readFile(join(app.dir, name), "utf8");

describe("prose and settings in Chromium", () => {
  it("edits a paragraph, adds text and sets front matter fields, changing only those lines of the file", async () => {
    const page = await app.open("/w/prose.md");
    const output = cell(page, 0).locator(".outputs");
    await expect.poll(() => output.textContent(), EVENTUALLY).toBe("7");

    // A paragraph: Enter on it opens its editor, Escape closes it; a click opens it again.
    const paragraph = page.locator(".prose", { hasText: "The first paragraph." }).first();
    const editor = page.locator("textarea.prose-editor");
    await paragraph.focus();
    await page.keyboard.press("Enter");
    expect(await editor.inputValue()).toBe("# Notes\n\nThe first paragraph.");
    await page.keyboard.press("Escape");
    await expect.poll(() => editor.count()).toBe(0);
    await paragraph.click();
    // Type at its end and watch the preview; Escape shows it rendered.
    await page.keyboard.press("ControlOrMeta+End");
    await page.keyboard.type(" Now edited.");
    expect(await page.locator(".prose-preview p").textContent()).toBe("The first paragraph. Now edited.");
    await page.screenshot({ path: join(ARTIFACTS, "prose-editing.png"), fullPage: true });
    await page.keyboard.press("Escape");
    await expect.poll(() => editor.count()).toBe(0);
    expect(await page.locator(".prose h1").first().textContent()).toBe("Notes");

    // Text after the last cell.
    await cell(page, 0).hover();
    await cell(page, 0).getByRole("button", { name: "+ text" }).click();
    await page.keyboard.type("Written in the browser.");
    await page.keyboard.press("Escape");

    // The schedule, explained with its next runs before it is written.
    const settings = page.locator(".settings-panel");
    await settings.locator("summary").click();
    const cron = settings.locator('input[name="cron"]');
    await cron.fill("*/15 * * * *");
    await expect
      .poll(() => settings.locator(".schedule-explanation").textContent())
      .toMatch(/^Every 15 minutes\. Next runs: .+ · .+ · .+ — in your browser's time zone/);
    await cron.press("Tab");
    await settings.locator('select[name="model"]').selectOption("credit");
    const days = settings.locator('input[name="param-days"]');
    await days.fill("30");
    await days.press("Tab");
    await settings.locator('select[name="param-region"]').selectOption("us");
    expect(await settings.locator("summary").textContent()).toBe("Settings · Every 15 minutes");
    await page.screenshot({ path: join(ARTIFACTS, "prose-settings.png"), fullPage: true });
    await save(page);

    expect(await onDisk("prose.md")).toBe(
      ORIGINAL.replace("The first paragraph.", "The first paragraph. Now edited.")
        .replace('"0 * * * *"', '"*/15 * * * *"')
        .replace("  days: 7 ", "  days: 30 ")
        .replace("default: eu}\n", "default: us}\nmodel: credit\n")
        .replace(/```\n$/, "```\n\nWritten in the browser.\n"),
    );
    await expect.poll(() => output.textContent(), EVENTUALLY).toBe("30");
    await page.close();
  });

  it("refuses a bad cron, a negative timeout and an unknown time zone beside their fields, writing nothing", async () => {
    const page = await app.open("/w/invalid.md");
    await expect.poll(() => cell(page, 0).locator(".outputs").textContent(), EVENTUALLY).toBe("7");
    const settings = page.locator(".settings-panel");
    await settings.locator("summary").click();
    const field = (name: string) => settings.locator(".setting", { has: page.locator(`[name="${name}"]`) });

    await field("cron").locator("input").fill("every hour");
    await field("cron").locator("input").press("Tab");
    expect(await field("cron").locator(".field-error").textContent()).toMatch(/^"every hour" is not a cron pattern: /);
    await field("timeout").locator("input").fill("-5m");
    await field("timeout").locator("input").press("Tab");
    expect(await field("timeout").locator(".field-error").textContent()).toMatch(/^not a duration: "-5m"/);
    await field("tz").locator("input").fill("Mars/Olympus");
    await field("tz").locator("input").press("Tab");
    expect(await field("tz").locator(".field-error").textContent()).toBe(
      '"Mars/Olympus" is not a time zone: use an IANA name such as UTC or Europe/Paris',
    );
    expect(await page.locator(".save-state").textContent()).toBe("Saved");
    expect(await onDisk("invalid.md")).toBe(ORIGINAL);

    // Text added and left empty goes again: nothing to save.
    await cell(page, 0).hover();
    await cell(page, 0).getByRole("button", { name: "+ text" }).click();
    await page.locator("textarea.prose-editor").press("Escape");
    expect(await page.locator(".save-state").textContent()).toBe("Saved");

    // A valid time zone turns the schedule into {cron, tz}, on its line.
    await field("tz").locator("input").fill("Europe/Paris");
    await field("tz").locator("input").press("Tab");
    expect(await field("tz").locator(".field-error").textContent()).toBe("");
    await save(page);
    expect(await onDisk("invalid.md")).toBe(ORIGINAL.replace('"0 * * * *"', '{cron: "0 * * * *", tz: Europe/Paris}'));
    await page.close();
  });

  it("says beside the model when the file names a model the server does not have, and removes it when told", async () => {
    const page = await app.open("/w/unknown-model.md");
    const settings = page.locator(".settings-panel");
    await settings.locator("summary").click();
    const model = settings.locator(".setting", { has: page.locator('[name="model"]') });
    await expect
      .poll(() => model.locator(".field-error").textContent(), EVENTUALLY)
      .toBe('the server has no model named "churn" (it has credit)');
    expect(await model.locator("select").inputValue()).toBe("churn");

    // No model: the line goes.
    await model.locator("select").selectOption("");
    expect(await model.locator(".field-error").textContent()).toBe("");
    await save(page);
    expect(await onDisk("unknown-model.md")).toBe(ORIGINAL);
    await page.close();
  });

  it("says why a schedule cannot be set when the front matter is not valid YAML, writing nothing", async () => {
    const page = await app.open("/w/bad-yaml.md");
    const settings = page.locator(".settings-panel");
    await settings.locator("summary").click();
    await expect.poll(() => settings.textContent(), EVENTUALLY).toContain("Settings cannot be edited here");
    const field = (name: string) => settings.locator(".setting", { has: page.locator(`[name="${name}"]`) });
    for (const name of ["cron", "tz"]) {
      await field(name)
        .locator("input")
        .fill(name === "cron" ? "0 * * * *" : "UTC");
      await field(name).locator("input").press("Tab");
      await expect.poll(() => field(name).locator(".field-error").textContent()).toMatch(/not valid YAML/);
    }
    expect(await onDisk("bad-yaml.md")).toBe("---\ntitle: [unclosed\n---\n\n# Notes\n");
    await page.close();
  });
});
