/**
 * `driftbook init [DIR]`: sets up a folder for a team's monitoring workbooks — example
 * workbooks, a local alert config, a .gitignore that keeps data and secrets out of git, a
 * README — and makes it a git repository unless it is inside one already. Never overwrites.
 */
import { mkdir, readFile, writeFile } from "node:fs/promises";
import { join, resolve } from "node:path";
import { git, GitError } from "../git/exec.ts";
import { findWorkTree } from "../git/repo.ts";
import { parseCommandArgs } from "./args.ts";
import { CliError, EXIT } from "./cliError.ts";

const USAGE = `Usage: driftbook init [DIR]

Sets up DIR (default: the current folder) for monitoring workbooks:
  workbooks/              two example workbooks
  driftbook.config.json   alert channels, reading secrets from \${VAR} environment variables
  .gitignore              keeps data/, driftbook.config.json and node_modules/ out of git
  README.md               how to serve, log predictions and run headlessly
and runs git init unless DIR is already inside a git repository. Existing files are kept.`;

/** The Driftbook repository's own files that init copies. */
const SOURCE = new URL("../../", import.meta.url);
const EXAMPLE_WORKBOOKS = [
  "getting-started.md",
  "credit-drift.md",
  "credit-performance.md",
  "credit-online.md",
  "credit-text.md",
];

const GITIGNORE = `# the SQLite database, run reports and alert logs
data/
# local alert channels: may hold webhook URLs and tokens
driftbook.config.json
node_modules/
`;

const README = `# Monitoring workbooks

This folder holds Driftbook monitoring workbooks: Markdown files in \`workbooks/\` whose
cells query the predictions a model logged, run drift detectors, draw plots and evaluate
alert rules. Review, diff and version them like code.

## Start

\`\`\`sh
driftbook demo                           # optional: the demo model "credit" that credit-drift.md reads
driftbook serve --workbooks workbooks    # http://127.0.0.1:3000
\`\`\`

## Log predictions

\`\`\`sh
driftbook log <model> predictions.csv    # or .ndjson / .json, straight into data/driftbook.db
curl -X POST localhost:3000/api/v1/models/<model>/predictions -H 'content-type: application/x-ndjson' \\
  --data-binary @predictions.ndjson      # through a running server
driftbook reference <model> reference.csv
\`\`\`

## Run headless

\`\`\`sh
driftbook run workbooks/credit-drift.md        # exit 1 when an alert fires, 2 when a cell fails
driftbook run --all --workbooks workbooks      # every workbook with a schedule, for cron or CI
\`\`\`

## Files

- \`workbooks/\` — the workbooks.
- \`driftbook.config.json\` — alert channels; \`\${VAR}\` reads an environment variable, so secrets stay
  out of the file. Not committed (see \`.gitignore\`).
- \`data/\` — the database and run reports. Not committed.
`;

export async function init(args: string[]): Promise<number> {
  const { positionals } = parseCommandArgs(args, {}, USAGE);
  if (positionals.length > 1) throw new CliError(`expected at most one folder\n\n${USAGE}`);
  const dir = resolve(positionals[0] ?? ".");
  await mkdir(join(dir, "workbooks"), { recursive: true }).catch((error: Error) => {
    throw new CliError(`cannot create ${dir}: ${error.message}`);
  });

  const files: Record<string, string> = {
    ...Object.fromEntries(
      await Promise.all(
        EXAMPLE_WORKBOOKS.map(async (name) => [`workbooks/${name}`, await readSource(`workbooks/${name}`)]),
      ),
    ),
    "driftbook.config.json": await readSource("driftbook.config.example.json"),
    ".gitignore": GITIGNORE,
    "README.md": README,
  };
  for (const [path, text] of Object.entries(files)) {
    console.log((await createFile(join(dir, path), text)) ? `created  ${path}` : `skipped  ${path} (already exists)`);
  }

  await initGit(dir);
  console.log(`\nNext: cd ${dir} && driftbook serve --workbooks workbooks`);
  return EXIT.ok;
}

/** Runs git init in `dir` unless it is already inside a working tree; a missing git is a warning, not a failure. */
async function initGit(dir: string): Promise<void> {
  const workTree = await findWorkTree(dir);
  if (workTree) {
    console.log(`git      already inside the repository at ${workTree.toplevel}: no git init`);
    return;
  }
  try {
    await git(["init", "--quiet"], { cwd: dir });
    console.log("git      initialized an empty repository");
  } catch (error) {
    if (!(error instanceof GitError)) throw error;
    console.error(`git      not initialized: ${error.message}`);
  }
}

/** Writes `text` to a new file; false, leaving it alone, when the file exists. */
async function createFile(path: string, text: string): Promise<boolean> {
  try {
    await writeFile(path, text, { flag: "wx" });
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "EEXIST") return false;
    throw new CliError(`cannot write ${path}: ${(error as Error).message}`);
  }
}

function readSource(path: string): Promise<string> {
  return readFile(new URL(path, SOURCE), "utf8");
}
