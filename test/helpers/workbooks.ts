import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { workbookFromText } from "../../server/workspace/workbookFile.ts";

/** A workbook's text from its cells' sources, each a ```js block unless it already has a fence. */
export function workbookText(...cells: string[]): string {
  return cells.map((cell) => (cell.startsWith("```") ? cell : "```js\n" + cell + "\n```")).join("\n\n") + "\n";
}

/** The analysis of a workbook made of these js cells. */
export function analysed(...cells: string[]) {
  return workbookFromText("test.md", workbookText(...cells)).analysis;
}

/** A fresh temporary folder, removed by the returned cleanup. */
export async function tempDir(prefix = "driftbook-"): Promise<{ dir: string; cleanup: () => Promise<void> }> {
  const dir = await mkdtemp(join(tmpdir(), prefix));
  return { dir, cleanup: () => rm(dir, { recursive: true, force: true }) };
}

/** Writes files (path → text) under `dir`. */
export async function writeFiles(dir: string, files: Record<string, string>): Promise<void> {
  for (const [path, text] of Object.entries(files)) await writeFile(join(dir, path), text);
}
