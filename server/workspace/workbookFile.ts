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
import { declareParams, type ParamDeclaration } from "../workbook/paramDeclarations.ts";
import { paramDefaults } from "../workbook/params.ts";

export interface LoadedWorkbook {
  path: string;
  text: string;
  doc: WorkbookDoc;
  analysis: WorkbookAnalysis;
  /** The front matter's `params`: what each is, its control, whether a share viewer may set it. */
  paramDeclarations: ParamDeclaration[];
  /** Each param's default value: what a production run runs with. */
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
  const { declarations, problems } = declareParams(doc.frontMatter);
  doc.problems.push(...problems);
  return {
    path,
    text,
    doc,
    analysis: analyseWorkbook(doc),
    paramDeclarations: declarations,
    paramDefaults: paramDefaults(declarations),
    title: typeof data.title === "string" ? data.title : titleFromPath(path),
  };
}

function titleFromPath(path: string): string {
  return path.replace(/^.*[\\/]/, "").replace(/\.md$/, "");
}
