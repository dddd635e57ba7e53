/**
 * Firing episodes from a replay's steps, pure, so the CLI, the editor and a comparison read them
 * alike from the JSON. An instance's alert is open from the step it fired until the step it
 * resolved; a step with no data or an error while open keeps it open, as the state machine does
 * (server/alerts/machine.ts), so a lost run neither ends an episode nor starts a second one.
 */
import { spanOf } from "./steps.ts";
import type { Episode, ReplayStep, RuleReplay } from "./types.ts";

const MONTH_MS = 30 * 86_400_000;

/** Each instance's episodes, firings per 30 days and share of time firing, by replay key. */
export function ruleReplays(steps: ReplayStep[]): Record<string, RuleReplay> {
  const keys = [...new Set(steps.flatMap((step) => Object.keys(step.alerts)))];
  const spanMs = spanOf(steps.map((step) => Date.parse(step.at)));
  return Object.fromEntries(
    keys.map((key) => {
      const { episodes, openSteps } = episodesOf(steps, key);
      const rule: RuleReplay = {
        episodes,
        firingsPer30d: spanMs > 0 ? round(episodes.length / (spanMs / MONTH_MS)) : 0,
        timeFiring: steps.length > 0 ? round(openSteps / steps.length) : 0,
      };
      return [key, rule];
    }),
  );
}

function episodesOf(steps: ReplayStep[], key: string): { episodes: Episode[]; openSteps: number } {
  const episodes: Episode[] = [];
  let current: { episode: Episode; numeric: boolean } | undefined;
  let openSteps = 0;
  for (const step of steps) {
    const alert = Object.hasOwn(step.alerts, key) ? step.alerts[key] : undefined;
    const open =
      alert?.state === "firing" || (current !== undefined && (alert?.state === "nodata" || alert?.state === "error"));
    if (!open) {
      if (current) current.episode.end = step.at;
      current = undefined;
      continue;
    }
    openSteps += 1;
    const value = alert!.value;
    if (!current) {
      current = { episode: { start: step.at, end: null, peak: value }, numeric: isNumber(value) };
      episodes.push(current.episode);
    } else if (isNumber(value) && (!current.numeric || value > (current.episode.peak as number))) {
      current.episode.peak = value;
      current.numeric = true;
    }
  }
  return { episodes, openSteps };
}

function isNumber(value: unknown): value is number {
  return typeof value === "number" && Number.isFinite(value);
}

/** Four decimals: enough for a rate or a share, and stable in JSON. */
function round(value: number): number {
  return Math.round(value * 10_000) / 10_000;
}
