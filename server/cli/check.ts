/** `driftbook check`: prints every problem in the given workbooks without running them; exits 1 on any (for CI). */
import { readWorkbookFile } from "./workbookArgs.ts";
import { parseCommandArgs } from "./args.ts";
import { CliError, EXIT } from "./cliError.ts";
import { formatProblem } from "./problems.ts";

const USAGE = `Usage: driftbook check <workbook.md>...

Reports format problems, syntax errors, duplicate definitions and cycles without running
anything. Exit code 1 when any workbook has a problem, for CI in workbook repositories.`;

export async function check(args: string[]): Promise<number> {
  const { positionals } = parseCommandArgs(args, {}, USAGE);
  if (positionals.length === 0) throw new CliError(`expected at least one workbook file\n\n${USAGE}`);
  let problems = 0;
  for (const path of positionals) {
    const workbook = await readWorkbookFile(path);
    for (const problem of workbook.analysis.problems) console.log(formatProblem(path, problem));
    problems += workbook.analysis.problems.length;
  }
  console.log(problems === 0 ? `ok: ${positionals.length} workbook(s), no problems` : `${problems} problem(s)`);
  return problems === 0 ? EXIT.ok : 1;
}
