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

/** One firing episode: from the step it fired to the step it resolved (null when still firing at the end). */
export interface Episode {
  start: string;
  end: string | null;
  /** The largest numeric value while firing, else the value when it fired. */
  peak: unknown;
}

export interface RuleReplay {
  episodes: Episode[];
  /** Episodes that started in the range, per 30 days of it. */
  firingsPer30d: number;
  /** The share of steps at which the alert was open (0..1). */
  timeFiring: number;
}

/** An episode as `driftbook replay` words it (server/replay/format.ts), so the editor and the terminal agree. */
export interface EpisodeText {
  start: string;
  /** "still firing" for an episode that had not ended. */
  end: string;
  duration: string;
  peak: string;
}

/** One instance's replay as the editor shows it: worded as the CLI does, with its timeline (sanitized SVG, as a cell's Plot). */
export interface RuleReplayView extends RuleReplay {
  /** E.g. "1 episode, 4.286 firings per 30 days, firing 29% of the time". */
  summary: string;
  /** Each of `episodes`, worded. */
  episodeTexts: EpisodeText[];
  /** State band and value line over the steps, episodes shaded. */
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
  /** The step, e.g. "1 hour", "1 day". */
  every: string;
  steps: number;
  /** E.g. "7 steps of 1 day, 2026-11-30 00:00 to 2026-12-06 00:00 UTC". */
  text: string;
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

/** One rule's episodes before and after a change (server/replay/compare.ts), and what it would start, end or move. */
export interface RuleComparison {
  /** The replay key: `RULE`, or `RULE[key]` for an instance of an `each` rule. */
  key: string;
  before: Episode[];
  after: Episode[];
  /** Episodes after the edit that overlap none before it: it would start these. */
  added: Episode[];
  /** Episodes before the edit that overlap none after it: it would end these. */
  removed: Episode[];
  /** Episodes that overlap but start or end at another step. */
  moved: { before: Episode; after: Episode }[];
  /** E.g. "would have fired 3 times instead of 11 in the last 30 days". */
  sentence: string;
}

/** A comparison as the editor shows it: each side's episodes worded as the CLI does. */
export interface RuleComparisonView extends RuleComparison {
  beforeTexts: EpisodeText[];
  afterTexts: EpisodeText[];
}

/** A change's effect on each rule: the version at `commit` replayed beside the working file over the same steps. */
export interface ReplayImpact extends ReplaySpan {
  kind: "impact";
  path: string;
  commit: string;
  rules: RuleComparisonView[];
}

export type ReplayResult = RuleReplayResult | ReplayImpact;
