/**
 * `driftbook check`: prints every problem in the given workbooks without running them; exits 1
 * on any (for CI). With `--replay`, also replays each workbook over its rules' budget windows
 * and exits 1 when a rule would have fired more often than its `budget:` allows.
 */
import { databaseLocation } from "../store/location.ts";
import { alertRules } from "../alerts/rule.ts";
import { budgetWindow, checkBudgets } from "../replay/budget.ts";
import { replaySteps } from "../replay/steps.ts";
import type { LoadedWorkbook } from "../workspace/workbookFile.ts";
import { durationOption, parseCommandArgs } from "./args.ts";
import { CELL_OPTIONS, CELL_USAGE, cellHostOptions } from "./cellOptions.ts";
import { CliError, EXIT } from "./cliError.ts";
import { formatProblem } from "./problems.ts";
import { readWorkbookFile, workbookIdentity } from "./workbookArgs.ts";

const USAGE = `Usage: driftbook check <workbook.md>... [--replay [--every D] [--db PATH|URL]]

Reports format problems, syntax errors, duplicate definitions and cycles without running
anything. Exit code 1 when any workbook has a problem, for CI in workbook repositories.

Options:
  --replay             also replay each workbook over the longest budget window of its rules
                       (\`budget: 2 per 30d\`), up to now, and fail when a rule would have fired
                       more often than its budget (see driftbook replay; nothing is recorded)
  --every D            the replay's step (default 1h)
  --db PATH|URL        the database to replay: a SQLite file or postgres:// URL (default $DRIFTBOOK_DATABASE_URL, else ./data/driftbook.db)
  --workbooks DIR      the workbooks folder, for the workbooks' identity (default ./workbooks)
${CELL_USAGE}`;

const DEFAULT_EVERY_MS = 3_600_000;

export async function check(args: string[]): Promise<number> {
  const { values, positionals } = parseCommandArgs(
    args,
    {
      replay: { type: "boolean" },
      every: { type: "string" },
      db: { type: "string" },
      workbooks: { type: "string" },
      ...CELL_OPTIONS,
    },
    USAGE,
  );
  if (positionals.length === 0) throw new CliError(`expected at least one workbook file\n\n${USAGE}`);
  if (!values.replay && (values.every || values.db))
    throw new CliError(`--every and --db set up --replay: add it\n\n${USAGE}`);
  let problems = 0;
  let overBudget = 0;
  for (const path of positionals) {
    const workbook = await readWorkbookFile(path);
    for (const problem of workbook.analysis.problems) console.log(formatProblem(path, problem));
    problems += workbook.analysis.problems.length;
    if (values.replay) overBudget += await checkBudget(path, workbook, values);
  }
  const found = [
    problems > 0 && `${problems} problem(s)`,
    overBudget > 0 && `${overBudget} rule(s) over budget`,
  ].filter(Boolean);
  console.log(found.length === 0 ? `ok: ${positionals.length} workbook(s), no problems` : found.join(", "));
  return found.length === 0 ? EXIT.ok : 1;
}

type ReplayValues = { every?: string; db?: string; workbooks?: string } & Parameters<typeof cellHostOptions>[0];

/** Replays the workbook over its longest budget window and prints each rule's verdict; answers how many are over. */
async function checkBudget(path: string, workbook: LoadedWorkbook, values: ReplayValues): Promise<number> {
  const id = workbookIdentity(path, values.workbooks ?? "workbooks");
  const rules = alertRules(id, workbook.analysis);
  const windowMs = budgetWindow(rules);
  if (windowMs === undefined) {
    console.log(`${path}: no alert rule has a budget, nothing to replay`);
    return 0;
  }
  const until = Date.now();
  const everyMs = durationOption("every", values.every, DEFAULT_EVERY_MS);
  let steps: number[];
  try {
    steps = replaySteps({ since: until - windowMs, until, everyMs });
  } catch (error) {
    throw new CliError(`--every: ${(error as Error).message}`);
  }
  const { replayWithProgress } = await import("./replay.ts");
  const result = await replayWithProgress(workbook, steps, {
    id,
    dbPath: databaseLocation(values.db),
    params: [],
    hostOptions: cellHostOptions(values),
  });
  const verdicts = checkBudgets(rules, result);
  for (const verdict of verdicts) console.log(`${path}: ${verdict.over ? "over budget" : "ok"}: ${verdict.message}`);
  return verdicts.filter((verdict) => verdict.over).length;
}
