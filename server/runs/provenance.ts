/**
 * What exactly a run or a report ran: the git commit that last touched the workbook file and
 * whether the file still matches it, and the provenance every report shows (see Provenance).
 */
import { readFileSync } from "node:fs";
import { basename, dirname } from "node:path";
import { GitError } from "../git/exec.ts";
import { GitInputError } from "../git/inputs.ts";
import { WorkbookRepo } from "../git/repo.ts";
import type { Provenance, ReportTrigger } from "../protocol/index.ts";

/** Driftbook's own version, from its package.json. */
export const DRIFTBOOK_VERSION: string = JSON.parse(
  readFileSync(new URL("../../package.json", import.meta.url), "utf8"),
).version;

/**
 * The commit that last changed `file`, or undefined when its folder is not in a git repository,
 * git is missing, the file was never committed, or it is not a `.md` workbook. Uncommitted
 * edits are told apart by the run's `version` (the file's content hash).
 */
export async function gitCommitOf(file: string): Promise<string | undefined> {
  return inRepo(file, (repo, name) => repo.lastCommitOf(name));
}

/** The commit that last changed `file` and the file's state against HEAD; neither outside git. */
export async function gitFactsOf(file: string): Promise<Pick<Provenance, "gitCommit" | "gitStatus">> {
  const facts = await inRepo(file, async (repo, name) => {
    const [gitCommit, gitStatus] = await Promise.all([repo.lastCommitOf(name), repo.statusOf(name)]);
    return gitCommit === undefined ? { gitStatus } : { gitCommit, gitStatus };
  });
  return facts ?? {};
}

export interface ProvenanceOptions {
  /** The workbook file on disk, for its git facts. */
  file: string;
  /** The workbook's path as the report names it. */
  workbook: string;
  /** The commit the report's text was read from (a past version): the text is that commit's, as committed. */
  commit?: string;
  params: Record<string, unknown>;
  trigger: ReportTrigger;
  /** For a recorded run: whether it was a production run or a what-if. */
  production?: boolean;
  /** For an as-of run: the moment whose data it read. */
  asOf?: number;
  now?: () => number;
}

/** A report's provenance, made now. */
export async function reportProvenance(options: ProvenanceOptions): Promise<Provenance> {
  const git = options.commit
    ? { gitCommit: options.commit, gitStatus: "clean" as const }
    : await gitFactsOf(options.file);
  return {
    generatedAt: (options.now ?? Date.now)(),
    workbook: options.workbook,
    ...git,
    params: options.params,
    trigger: options.trigger,
    ...(options.production === undefined ? {} : { production: options.production }),
    ...(options.asOf === undefined ? {} : { asOf: options.asOf }),
    driftbookVersion: DRIFTBOOK_VERSION,
  };
}

/** `read` on the repository of `file`'s folder, with the file's name; undefined outside git or for a file git cannot name. */
async function inRepo<T>(file: string, read: (repo: WorkbookRepo, name: string) => Promise<T>): Promise<T | undefined> {
  try {
    const repo = await WorkbookRepo.open(dirname(file));
    return repo && (await read(repo, basename(file)));
  } catch (error) {
    if (error instanceof GitError || error instanceof GitInputError) return undefined;
    throw error;
  }
}
