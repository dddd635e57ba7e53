/** What exactly a run ran: the git commit that last touched the workbook file, when there is one. */
import { basename, dirname } from "node:path";
import { GitError } from "../git/exec.ts";
import { GitInputError } from "../git/inputs.ts";
import { WorkbookRepo } from "../git/repo.ts";

/**
 * The commit that last changed `file`, or undefined when its folder is not in a git repository,
 * git is missing, the file was never committed, or it is not a `.md` workbook. Uncommitted
 * edits are told apart by the run's `version` (the file's content hash).
 */
export async function gitCommitOf(file: string): Promise<string | undefined> {
  try {
    return await (await WorkbookRepo.open(dirname(file)))?.lastCommitOf(basename(file));
  } catch (error) {
    if (error instanceof GitError || error instanceof GitInputError) return undefined;
    throw error;
  }
}
