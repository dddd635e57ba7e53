/**
 * What the editor's replays compute (issue 19), on the replay engine of server/replay/. A rule:
 * the saved file replayed over the last 24h/7d/30d with only that rule's cells and what they
 * depend on (`rules: [name]`), answered with the rule's instances, its timeline and its budget
 * verdict. A change's impact: the version at a revision and the working file replayed over the
 * same steps — the last 7 days hourly, or the longest budget window of their rules — and compared
 * rule by rule (compare.ts). Nothing is recorded: a replay is a what-if (server/replay/replay.ts).
 */
import { alertRules, type AlertRule } from "../alerts/rule.ts";
import { WorkbookRepo } from "../git/repo.ts";
import type { ReplayImpact, ReplayRequest, ReplaySpan, RuleReplayResult } from "../protocol/index.ts";
import { budgetWindow, checkBudgets } from "../replay/budget.ts";
import { compareReplays } from "../replay/compare.ts";
import { replayWorkbook } from "../replay/replay.ts";
import { episodeText, formatAt, summaryText } from "../replay/format.ts";
import { describeSpan, replaySteps, spanOf } from "../replay/steps.ts";
import { ruleTimeline } from "../replay/timeline.ts";
import { ruleNameOf, type ReplayResult as EngineResult } from "../replay/types.ts";
import type { HostOptions } from "../runtime/host.ts";
import { parseDuration } from "../protocol/duration.ts";
import { workbookFromText, type LoadedWorkbook } from "../workspace/workbookFile.ts";
import { versionOf, type Workspace } from "../workspace/workspace.ts";
import { ReplayInputError, type ReplayEngine } from "./replays.ts";

const HOUR_MS = 3_600_000;
/** What an impact replays when no rule has a budget: the last 7 days, hourly (issue 19). */
const IMPACT_RANGE_MS = 7 * 24 * HOUR_MS;

export interface ReplayEngineOptions {
  workspace: Workspace;
  dbPath: string;
  hostOptions?: Omit<HostOptions, "dbPath">;
  /** The clock: replays end at its time. */
  now?: () => number;
}

type Progress = Parameters<ReplayEngine>[2];

export function replayEngine(options: ReplayEngineOptions): ReplayEngine {
  return (request, workbook, progress) => {
    switch (request.kind) {
      case "rule":
        return replayRule(options, request, workbook, progress);
      case "impact":
        return replayImpact(options, request, workbook, progress);
      default: {
        const unknown: never = request;
        throw new ReplayInputError(`unknown replay kind ${JSON.stringify((unknown as { kind?: unknown }).kind)}`);
      }
    }
  };
}

async function replayRule(
  options: ReplayEngineOptions,
  request: Extract<ReplayRequest, { kind: "rule" }>,
  workbook: LoadedWorkbook,
  { signal, onProgress }: Progress,
): Promise<RuleReplayResult> {
  const rule = alertRules(request.path, workbook.analysis).find((candidate) => candidate.name === request.rule);
  if (!rule)
    throw new ReplayInputError(
      `${request.path} has no usable alert rule named "${request.rule}" as saved: save the cell and fix any problem it shows`,
    );
  const everyMs = parseDuration(request.every);
  const steps = stepsOf(parseDuration(request.range), everyMs, options);
  const result = await run(options, workbook, steps, { signal, onProgress }, { before: 0, total: steps.length }, [
    rule.name,
  ]);
  const [verdict] = checkBudgets([rule], result);
  return {
    kind: "rule",
    path: request.path,
    version: versionOf(workbook.text),
    rule: rule.name,
    ...spanFields(steps, everyMs),
    instances: Object.fromEntries(
      Object.entries(result.rules)
        .filter(([key]) => ruleNameOf(key) === rule.name)
        .map(([key, replay]) => [
          key,
          {
            ...replay,
            summary: summaryText(replay),
            episodeTexts: replay.episodes.map(episodeText),
            timeline: { kind: "svg", svg: ruleTimeline(result, key) },
          },
        ]),
    ),
    ...(verdict ? { budget: { ...verdict, covered: spanOf(steps) >= verdict.budget.windowMs } } : {}),
  };
}

async function replayImpact(
  options: ReplayEngineOptions,
  request: Extract<ReplayRequest, { kind: "impact" }>,
  workbook: LoadedWorkbook,
  progress: Progress,
): Promise<ReplayImpact> {
  const repo = await WorkbookRepo.open(options.workspace.root);
  if (!repo) throw new ReplayInputError(`the workbooks folder ${options.workspace.root} is not in a git repository`);
  const commit = await repo.resolveCommit(request.rev);
  // A file the revision did not have is an empty workbook then: every rule of it is new.
  const before = workbookFromText(request.path, (await repo.show(request.path, commit)) ?? "");
  const rules: AlertRule[] = [before, workbook].flatMap((version) => alertRules(request.path, version.analysis));
  const steps = stepsOf(budgetWindow(rules) ?? IMPACT_RANGE_MS, HOUR_MS, options);
  const total = 2 * steps.length;
  const old = await run(options, before, steps, progress, { before: 0, total });
  const now = await run(options, workbook, steps, progress, { before: steps.length, total });
  return {
    kind: "impact",
    path: request.path,
    commit,
    ...spanFields(steps, HOUR_MS),
    rules: compareReplays(old, now).map((comparison) => ({
      ...comparison,
      beforeTexts: comparison.before.map(episodeText),
      afterTexts: comparison.after.map(episodeText),
    })),
  };
}

/** Replays `workbook` over `steps`; its progress counts on from `before` of the `total` steps the request takes. */
function run(
  options: ReplayEngineOptions,
  workbook: LoadedWorkbook,
  steps: number[],
  { signal, onProgress }: Progress,
  { before, total }: { before: number; total: number },
  rules?: string[],
): Promise<EngineResult> {
  return replayWorkbook({
    workbook,
    id: workbook.path,
    dbPath: options.dbPath,
    params: workbook.paramDefaults,
    steps,
    hostOptions: options.hostOptions,
    signal,
    onStep: (_step, index) => onProgress(before + index + 1, total),
    ...(rules ? { rules } : {}),
  });
}

/** The steps of the last `rangeMs` every `everyMs`, ending now; a range the engine refuses is the request's error. */
function stepsOf(rangeMs: number, everyMs: number, options: ReplayEngineOptions): number[] {
  const until = (options.now ?? Date.now)();
  try {
    return replaySteps({ since: until - rangeMs, until, everyMs });
  } catch (error) {
    throw new ReplayInputError(`replay: ${(error as Error).message}`);
  }
}

function spanFields(steps: number[], everyMs: number): ReplaySpan {
  const [since, until] = [steps[0] - everyMs, steps[steps.length - 1]].map((ms) => new Date(ms).toISOString());
  const every = describeSpan(everyMs);
  return {
    since,
    until,
    every,
    steps: steps.length,
    text: `${steps.length} steps of ${every}, ${formatAt(new Date(steps[0]).toISOString())} to ${formatAt(until)} UTC`,
  };
}
