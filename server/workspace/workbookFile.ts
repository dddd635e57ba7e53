/**
 * A workbook file read once into everything a run needs: its text, the parsed document, the
 * analysis of its cells, its params' defaults and its title. Shared by the CLI, the HTTP routes,
 * the headless runner and the live workbooks, so all of them see a file the same way.
 */
import { readFile } from "node:fs/promises";
import { analyseWorkbook } from "../analysis/index.ts";
import type { WorkbookAnalysis } from "../analysis/types.ts";
import { parseWorkbook } from "../workbook/index.ts";
import type { WorkbookDoc } from "../workbook/types.ts";

export interface LoadedWorkbook {
  path: string;
  text: string;
  doc: WorkbookDoc;
  analysis: WorkbookAnalysis;
  /** The front matter's `params` mapping: defaults that a run may override. */
  paramDefaults: Record<string, unknown>;
  title: string;
}

/** Reads, parses and analyses a workbook file; `path` is how reports name it (default: the file). */
export async function loadWorkbook(file: string, path = file): Promise<LoadedWorkbook> {
  return workbookFromText(path, await readFile(file, "utf8"));
}

export function workbookFromText(path: string, text: string): LoadedWorkbook {
  const doc = parseWorkbook(text);
  const data = doc.frontMatter?.data ?? {};
  const params = data.params;
  return {
    path,
    text,
    doc,
    analysis: analyseWorkbook(doc),
    paramDefaults:
      params && typeof params === "object" && !Array.isArray(params) ? (params as Record<string, unknown>) : {},
    title: typeof data.title === "string" ? data.title : titleFromPath(path),
  };
}

function titleFromPath(path: string): string {
  return path.replace(/^.*[\\/]/, "").replace(/\.md$/, "");
}
