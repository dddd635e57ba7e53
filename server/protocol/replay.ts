/**
 * Replay in the editor (issue 19): what a browser asks the server to replay over its socket, and
 * what it hears back — progress, then one rule's episodes, firing rate, timeline and budget
 * verdict, or an uncommitted change's effect on each rule. The shapes are those of the replay
 * engine (server/replay/types.ts, budget.ts, compare.ts) and `driftbook replay --json`: times are
 * ISO 8601 text, and an `each` rule has one entry per instance, keyed `RULE[key]`. Imports
 * nothing but its siblings.
 */
import type { SvgOutput } from "./outputs.ts";

/** How far back the editor replays a rule, and how often it evaluates it on the way. */
export const REPLAY_RANGES = ["24h", "7d", "30d"] as const;
export const REPLAY_STEPS = ["1h", "1d"] as const;
export type ReplayRange = (typeof REPLAY_RANGES)[number];
export type ReplayEvery = (typeof REPLAY_STEPS)[number];

/** One firing episode: from the step that fired to the step that resolved (null: still firing at the end). */
export interface Episode {
  start: string;
  end: string | null;
  /** The largest numeric value while firing, or the value when it is not a number. */
  peak: unknown;
}

/** One rule instance over a replay: its episodes, firings per 30 days, and the share of steps firing (0..1). */
export interface RuleReplay {
  episodes: Episode[];
  firingsPer30d: number;
  timeFiring: number;
}

/** One instance's replay as the editor shows it: with its timeline (state band and value line, episodes shaded), sanitized markup as a cell's Plot is. */
export interface RuleReplayView extends RuleReplay {
  timeline: SvgOutput;
}

/** A rule's `budget:` (`2 per 30d`) held against a replay, counted over the budget's window at the replay's end. */
export interface BudgetVerdict {
  rule: string;
  budget: { count: number; windowMs: number };
  /** Episodes that started within the window, of every instance. */
  firings: number;
  over: boolean;
  /** E.g. "inputs-drifted would have fired 3 times in the last 30 days, over its budget of 2 per 30 days". */
  message: string;
  /** False when the replay was shorter than the budget's window: `firings` may then fall short, so only `over` is sure. */
  covered: boolean;
}

/** What the editor asks to replay: one rule of a saved workbook, or a change's effect on every rule. */
export type ReplayRequest =
  | { kind: "rule"; path: string; rule: string; range: ReplayRange; every: ReplayEvery }
  /** The version at `rev` (a commit, HEAD) against the working file, over the last 7 days hourly. */
  | { kind: "impact"; path: string; rev: string };

/** The steps a replay ran: evaluated at each multiple of `every` in (since, until]. */
export interface ReplaySpan {
  since: string;
  until: string;
  every: string;
  steps: number;
}

/** One rule replayed over a range of the saved file's `version`. */
export interface RuleReplayResult extends ReplaySpan {
  kind: "rule";
  path: string;
  version: string;
  rule: string;
  /** Keyed `RULE`, or `RULE[key]` per instance of an `each` rule. */
  instances: Record<string, RuleReplayView>;
  /** Present when the rule has a `budget:`. */
  budget?: BudgetVerdict;
}

/** One rule's episodes before and after a change, and what the change would start, end or move. */
export interface RuleComparison {
  /** The replay key: `RULE`, or `RULE[key]` for an `each` instance. */
  key: string;
  before: Episode[];
  after: Episode[];
  /** Episodes after the change that overlap none before it. */
  added: Episode[];
  /** Episodes before the change that overlap none after it. */
  removed: Episode[];
  /** Episodes that overlap but start or end at another step. */
  moved: { before: Episode; after: Episode }[];
  /** E.g. "would have fired 3 times instead of 11 in the last 7 days". */
  sentence: string;
}

/** A change's effect on each rule: the version at `commit` replayed beside the working file over the same steps. */
export interface ReplayImpact extends ReplaySpan {
  kind: "impact";
  path: string;
  commit: string;
  rules: RuleComparison[];
}

export type ReplayResult = RuleReplayResult | ReplayImpact;
