/**
 * The end-to-end fixture: a real Driftbook server over a temporary workbooks folder and SQLite
 * file, and Debian's Chromium. Pages record script errors and dialogs so tests can assert the
 * app ran cleanly, Content-Security-Policy violations among them; helpers act as a user does (click into a cell's editor, type, press Ctrl+S).
 */
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { seedDemo } from "../../server/demo/seed.ts";
import { PredictionStore } from "../../server/store/store.ts";
import { ROOT } from "../helpers/cli.ts";
import { expect } from "vitest";
import type { BrowserContext, Dialog, Page } from "playwright-core";
import { launchBrowser } from "../helpers/browser.ts";
import type { ServerOptions } from "../../server/compose.ts";
import { startTestServer } from "../helpers/server.ts";
import { tempDir, writeFiles } from "../helpers/workbooks.ts";

/** How long a condition may take to come true: cells run in a worker that starts on first use. */
export const EVENTUALLY = { timeout: 10_000 };
/** For the demo workbook's drift report over seven days of data. */
export const SLOW = { timeout: 30_000 };

export interface App {
  /** The workbooks folder. */
  dir: string;
  /** Uncaught errors of every page opened so far. */
  errors: string[];
  /** Dialogs (alert, confirm, …) any page opened; each is dismissed. */
  dialogs: Dialog[];
  /** A new page at `path` of the app (default the workbook list). */
  open(path?: string): Promise<Page>;
  /** A page at `url` in a second browser with its own profile: a stranger who holds only the link. */
  openElsewhere(url: string): Promise<Page>;
  /** Logs predictions of `model` through the ingest API, as NDJSON. */
  log(model: string, rows: unknown[]): Promise<void>;
  /** Stops the server, as a crash or a restart would; pages stay open. */
  stopServer(): Promise<void>;
  /** Starts the server again on the same port, over the same folder and database. */
  startServer(): Promise<void>;
  close(): Promise<void>;
}

export async function startApp(
  files: Record<string, string>,
  options: Partial<Omit<ServerOptions, "port" | "host">> = {},
): Promise<App> {
  const { dir, cleanup } = await tempDir("driftbook-e2e-");
  await writeFiles(dir, files);
  const serverOptions = { workbooksDir: dir, dbPath: join(dir, "predictions.db"), ...options };
  let server: Awaited<ReturnType<typeof startTestServer>> | undefined = await startTestServer(serverOptions);
  const url = server.url;
  const browser = await launchBrowser();
  let other: Awaited<ReturnType<typeof launchBrowser>> | undefined;
  const watched = async (context: BrowserContext, url: string) => {
    const page = await context.newPage();
    page.on("pageerror", (error) => app.errors.push(error.message));
    // The pages' Content-Security-Policy must not block anything the app does.
    await page.exposeFunction("reportCspViolation", (text: string) => app.errors.push(`CSP violation: ${text}`));
    await page.addInitScript(
      'document.addEventListener("securitypolicyviolation", (e) => reportCspViolation(`${e.violatedDirective} blocked ${e.blockedURI || "inline"} in ${e.sourceFile}:${e.lineNumber}`))',
    );
    page.on("dialog", (dialog) => {
      app.dialogs.push(dialog);
      void dialog.dismiss();
    });
    await page.goto(url);
    return page;
  };
  const app: App = {
    dir,
    errors: [],
    dialogs: [],
    open: (path = "/") => watched(browser.context, url + path),
    async openElsewhere(url) {
      other ??= await launchBrowser();
      return watched(other.context, url);
    },
    async log(model, rows) {
      const response = await fetch(`${url}/api/v1/models/${model}/predictions`, {
        method: "POST",
        headers: { "content-type": "application/x-ndjson" },
        body: rows.map((row) => JSON.stringify(row)).join("\n"),
      });
      expect(response.ok, await response.clone().text()).toBe(true);
    },
    async stopServer() {
      await server?.close();
      server = undefined;
    },
    async startServer() {
      server ??= await startTestServer(serverOptions, Number(new URL(url).port));
    },
    async close() {
      await other?.close();
      await browser.close();
      await server?.close();
      await cleanup();
    },
  };
  return app;
}

/** The index-th cell of the notebook on `page`. */
export function cell(page: Page, index: number) {
  return page.locator(".cell").nth(index);
}

/** Replaces a cell's source by typing into its editor, as a user would. */
export async function typeInCell(page: Page, index: number, source: string): Promise<void> {
  await cell(page, index).locator(".monaco-editor .view-lines").click();
  await page.keyboard.press("ControlOrMeta+A");
  await page.keyboard.insertText(source);
}

/** The text a cell's editor shows (Monaco renders spaces as no-break spaces). */
export async function editorText(page: Page, index: number): Promise<string> {
  const text = await cell(page, index).locator(".monaco-editor .view-lines").innerText();
  return text.replace(/\u00a0/g, " ");
}

/** Presses Ctrl/Cmd+S and waits until the page says it saved. */
export async function save(page: Page): Promise<void> {
  await page.keyboard.press("ControlOrMeta+S");
  await expect.poll(() => page.locator(".save-state").textContent(), EVENTUALLY).toBe("Saved");
}

/** The run counter the page shows for each cell. */
export function runCounts(page: Page): Promise<string[]> {
  return page.locator(".cell").evaluateAll((cells) => cells.map((element) => element.getAttribute("data-run") ?? ""));
}

/**
 * The app over the repository's demo workbook and a database seeded with the demo model, its
 * history ending now or at `seededUntil` (epoch ms).
 */
export async function startDemoApp({ seededUntil }: { seededUntil?: number } = {}): Promise<App> {
  // `on: data` runs the demo workbook at most once a second here (a minute by default), so a test need not wait.
  const app = await startApp(
    { "credit-drift.md": await readFile(join(ROOT, "workbooks/credit-drift.md"), "utf8") },
    { dataRunIntervalMs: 1000 },
  );
  const store = new PredictionStore(join(app.dir, "predictions.db"));
  seedDemo(store, { now: seededUntil });
  store.close();
  return app;
}
