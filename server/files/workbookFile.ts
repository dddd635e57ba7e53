import { readFile } from "node:fs/promises";
import { alertRules, type AlertRule } from "../alerts/rule.ts";
import { analyseWorkbook } from "../analysis/index.ts";
import type { WorkbookAnalysis } from "../analysis/types.ts";
import { parseWorkbook } from "../workbook/index.ts";
import type { WorkbookDoc } from "../workbook/types.ts";

export interface LoadedWorkbook {
  path: string;
  text: string;
  doc: WorkbookDoc;
  analysis: WorkbookAnalysis;
  /** The workbook's alert rules, from its alert cells. */
  rules: AlertRule[];
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
  const { rules, problems: ruleProblems } = alertRules(path, doc);
  const analysis = analyseWorkbook(doc);
  // A rule setting that is wrong (a bad `for`, an unknown channel option) is an error on its cell only.
  for (const problem of ruleProblems) {
    const cell = analysis.cells.find((candidate) => candidate.cellIndex === problem.cellIndex);
    if (cell && !cell.problem) {
      cell.problem = problem;
      analysis.problems.push(problem);
    }
  }
  analysis.problems.sort((a, b) => a.line - b.line);
  return {
    path,
    text,
    doc,
    analysis,
    rules,
    paramDefaults: params && typeof params === "object" && !Array.isArray(params) ? (params as Record<string, unknown>) : {},
    title: typeof data.title === "string" ? data.title : titleFromPath(path),
  };
}

function titleFromPath(path: string): string {
  return path.replace(/^.*[\\/]/, "").replace(/\.md$/, "");
}
