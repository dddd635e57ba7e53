/**
 * The workbook a command names, shared by `driftbook run`, `replay` and `check`: the file (or its
 * version in a git commit, `--rev`), the identity the server would give it, and `--param` pairs.
 */
import { basename, dirname, isAbsolute, relative, resolve, sep } from "node:path";
import { GitInputError } from "../git/inputs.ts";
import { WorkbookRepo } from "../git/repo.ts";
import { loadWorkbook, workbookFromText, type LoadedWorkbook } from "../workspace/workbookFile.ts";
import { CliError } from "./cliError.ts";

/** Reads a workbook file, turning a missing one into a CliError naming it. */
export function readWorkbookFile(path: string): Promise<LoadedWorkbook> {
  return loadWorkbook(path).catch((error: NodeJS.ErrnoException) => {
    throw new CliError(error.code === "ENOENT" ? `no such workbook: ${path}` : error.message);
  });
}

/** The workbook `file` as it was in commit `rev`, read from its git repository; `flag` names the option in errors. */
export async function pastVersion(
  file: string,
  rev: string,
  flag = "--rev",
): Promise<{ workbook: LoadedWorkbook; commit: string }> {
  const repo = await WorkbookRepo.open(dirname(resolve(file)));
  if (!repo) throw new CliError(`${file} is not in a git repository, so ${flag} has no history to read`);
  try {
    const commit = await repo.resolveCommit(rev);
    const text = await repo.show(basename(file), commit);
    if (text === undefined) throw new CliError(`${file} did not exist in commit ${commit.slice(0, 7)}`);
    return { workbook: workbookFromText(file, text), commit };
  } catch (error) {
    if (error instanceof GitInputError) throw new CliError(`${flag}: ${error.message}`);
    throw error;
  }
}

/** The path the server would name this workbook by (relative to the workbooks folder), else the path as given. */
export function workbookIdentity(path: string, workbooksDir: string): string {
  const inside = relative(resolve(workbooksDir), resolve(path));
  return inside && !inside.startsWith("..") && !isAbsolute(inside) ? inside.split(sep).join("/") : path;
}

/** `--param window=24h` → {window: "24h"}; the value is coerced later, against the default's type. */
export function parseParamArgs(pairs: string[]): Record<string, string> {
  const overrides: Record<string, string> = {};
  for (const pair of pairs) {
    const eq = pair.indexOf("=");
    if (eq <= 0) throw new CliError(`--param takes KEY=VALUE, got "${pair}"`);
    overrides[pair.slice(0, eq)] = pair.slice(eq + 1);
  }
  return overrides;
}
