/**
 * `driftbook replay`: runs a workbook as of each step of a past range (server/replay/) and
 * prints, per alert rule, its state at each step, its firing episodes, its firings per 30 days
 * and its share of time firing; `--compare` replays a committed version over the same steps and
 * says what the edit changes. It records nothing in the database.
 */
import { writeFile } from "node:fs/promises";
import { databaseLocation } from "../store/location.ts";
import { alertRules } from "../alerts/rule.ts";
import type { HostOptions } from "../runtime/host.ts";
import { AsOfError, asOfTime } from "../runs/asOf.ts";
import { resolveParams } from "../workbook/params.ts";
import type { LoadedWorkbook } from "../workspace/workbookFile.ts";
import { checkBudgets } from "../replay/budget.ts";
import { compareReplays, type RuleComparison } from "../replay/compare.ts";
import { formatAt } from "../replay/format.ts";
import { replayWorkbook } from "../replay/replay.ts";
import { renderReplayReport } from "../replay/report.ts";
import { describeSpan, replaySteps } from "../replay/steps.ts";
import type { ReplayResult } from "../replay/types.ts";
import { durationOption, parseCommandArgs } from "./args.ts";
import { CELL_OPTIONS, CELL_USAGE, cellHostOptions } from "./cellOptions.ts";
import { CliError, EXIT } from "./cliError.ts";
import { Progress } from "./progress.ts";
import { printComparison, printReplay } from "./replayPrint.ts";
import { interruptOnSignals } from "./runEnvironment.ts";
import { parseParamArgs, pastVersion, readWorkbookFile, workbookIdentity } from "./workbookArgs.ts";

const USAGE = `Usage: driftbook replay <workbook.md> --since DURATION|TIME [options]

Runs the workbook as of each step of a past range, as it would have run then: each model
table holds the rows that had arrived by the step, labels count once they had arrived, the
reference set is the version then in force, and since(), now and metrics() count from the
step. Each alert rule's values go through the real state machine (for, recover, repeat; no
silences), each step counting as one production run. Prints per rule its state at each step
(a summary past 60 steps), its firing episodes, its firings per 30 days and its share of time
firing. Nothing is recorded: no run, metric point, alert state or notification.

Options:
  --since D|TIME       where the range starts: a duration back from --until (30d) or an ISO
                       time with its zone (2026-11-01T00:00Z)
  --until D|TIME       where it ends (default now): an ISO time, or a duration back from now
  --every D            the step (default 1h); steps fall on its multiples from the epoch (UTC)
  --json FILE          write the replay as JSON: {workbook, steps, rules}
  --html FILE          write a self-contained HTML report with each rule's timeline
  --rev REV            replay the workbook as it was in that commit (a hash, HEAD or HEAD~N)
  --compare [REV]      also replay the version in REV (default HEAD) over the same steps and
                       print, per rule, its episodes before → after
  --param KEY=VALUE    override a front-matter parameter (repeatable)
  --db PATH|URL        a SQLite file or postgres:// URL (default $DRIFTBOOK_DATABASE_URL, else ./data/driftbook.db)
  --workbooks DIR      the workbooks folder, for the workbook's identity (default ./workbooks)
${CELL_USAGE}`;

const DEFAULT_EVERY_MS = 3_600_000;

export async function replay(args: string[]): Promise<number> {
  const { values, positionals } = parseCommandArgs(
    withCompareDefault(args),
    {
      since: { type: "string" },
      until: { type: "string" },
      every: { type: "string" },
      json: { type: "string" },
      html: { type: "string" },
      rev: { type: "string" },
      compare: { type: "string" },
      param: { type: "string", multiple: true },
      db: { type: "string" },
      workbooks: { type: "string" },
      ...CELL_OPTIONS,
    },
    USAGE,
  );
  if (positionals.length !== 1) throw new CliError(`expected one workbook file\n\n${USAGE}`);
  if (values.since === undefined)
    throw new CliError(`--since is required: how far back to replay, such as 30d\n\n${USAGE}`);
  const file = positionals[0];
  const now = Date.now();
  const until = values.until === undefined ? now : instantOption("until", values.until, now);
  const range = {
    since: instantOption("since", values.since, until),
    until,
    everyMs: durationOption("every", values.every, DEFAULT_EVERY_MS),
  };
  let steps: number[];
  try {
    steps = replaySteps(range);
  } catch (error) {
    throw new CliError(`--since/--until/--every: ${(error as Error).message}`);
  }
  const current =
    values.rev === undefined ? await readWorkbookFile(file) : (await pastVersion(file, values.rev)).workbook;
  const context = {
    id: workbookIdentity(file, values.workbooks ?? "workbooks"),
    dbPath: databaseLocation(values.db),
    params: values.param ?? [],
    hostOptions: cellHostOptions(values),
  };
  console.log(
    `replaying ${file} over ${steps.length} steps of ${describeSpan(range.everyMs)}, ${iso(steps[0])} to ${iso(steps[steps.length - 1])}`,
  );
  const result = await replayWithProgress(current, steps, context);
  printReplay(result);
  let comparison: RuleComparison[] | undefined;
  if (values.compare !== undefined) {
    const { workbook: before, commit } = await pastVersion(file, values.compare, "--compare");
    console.log(`\nreplaying ${file} as of commit ${commit.slice(0, 7)} over the same steps`);
    comparison = compareReplays(await replayWithProgress(before, steps, context), result);
    printComparison(comparison, commit.slice(0, 7));
  }
  if (values.json) await writeFile(values.json, JSON.stringify(result, null, 2) + "\n");
  if (values.html) {
    const budgets = checkBudgets(alertRules(context.id, current.analysis), result);
    await writeFile(values.html, renderReplayReport({ title: current.title, result, budgets, comparison }));
  }
  return EXIT.ok;
}

export interface ReplayContext {
  id: string;
  dbPath: string;
  /** `--param` pairs as given. */
  params: string[];
  hostOptions: HostOptions;
}

/** Replays `workbook` over `steps`, with a progress line on a terminal; SIGINT or SIGTERM stops it. */
export async function replayWithProgress(
  workbook: LoadedWorkbook,
  steps: number[],
  { id, dbPath, params, hostOptions }: ReplayContext,
): Promise<ReplayResult> {
  let resolved: Record<string, unknown>;
  try {
    resolved = resolveParams(workbook.paramDeclarations, parseParamArgs(params));
  } catch (error) {
    throw new CliError((error as Error).message);
  }
  const progress = new Progress("replaying", process.stderr.isTTY === true, "the steps", "steps");
  const interrupt = interruptOnSignals();
  try {
    const result = await replayWorkbook({
      workbook,
      id,
      dbPath,
      params: resolved,
      steps,
      hostOptions,
      signal: interrupt.signal,
      onStep: (_step, index, total) => progress.show(index + 1, (index + 1) / total),
    });
    progress.end();
    return result;
  } catch (error) {
    progress.end();
    if (interrupt.signal.aborted)
      throw new CliError(`stopped: ${String(interrupt.signal.reason)}`, interrupt.exitCode());
    throw error;
  } finally {
    interrupt.dispose();
  }
}

/**
 * A time on the command line: an ISO time with its zone (`2026-11-20T12:00Z`) or epoch ms, read
 * as `--as-of` reads them (runs/asOf.ts), or a duration counted back from `from` (`30d`).
 */
export function instantOption(name: string, value: string, from: number): number {
  if (!/^\d{4}-|^\d+$/.test(value.trim())) return from - durationOption(name, value, 0);
  try {
    return asOfTime(value, `--${name}`);
  } catch (error) {
    if (error instanceof AsOfError) throw new CliError(error.message);
    throw error;
  }
}

/** A bare `--compare` (last, or before another option) compares with HEAD. */
function withCompareDefault(args: string[]): string[] {
  return args.map((arg, i) => {
    const next = args[i + 1];
    return arg === "--compare" && (next === undefined || next.startsWith("-") || next.endsWith(".md"))
      ? "--compare=HEAD"
      : arg;
  });
}

function iso(ms: number): string {
  return `${formatAt(new Date(ms).toISOString())} UTC`;
}
