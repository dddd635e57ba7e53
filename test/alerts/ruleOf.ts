import { alertRules, type AlertRule } from "../../server/alerts/rule.ts";
import { analyseWorkbook } from "../../server/analysis/index.ts";
import { parseWorkbook } from "../../server/workbook/index.ts";

/** The rule of a workbook holding one cell `alert NAME` with this YAML, as the analysis reads it; throws the cell's problem. */
export function ruleOf(workbook: string, name: string, source: string): AlertRule {
  const analysis = analyseWorkbook(parseWorkbook("```alert " + name + "\n" + source + "\n```\n"));
  const [problem] = analysis.problems;
  if (problem) throw new Error(problem.message);
  return alertRules(workbook, analysis)[0];
}
