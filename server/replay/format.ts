/**
 * How a replay reads as text, shared by the terminal (cli/replay.ts) and the HTML report
 * (report.ts) so both say the same thing the same way: times to the minute in UTC, values to
 * four significant digits, an episode's duration in the units of the step.
 */
import { describeSpan } from "./steps.ts";
import type { Episode, RuleReplay } from "./types.ts";

/** `2026-11-21 00:00` (UTC). */
export function formatAt(iso: string): string {
  return iso.slice(0, 16).replace("T", " ");
}

/** A number to four significant digits, anything else as JSON. */
export function formatValue(value: unknown): string {
  if (typeof value === "number") return Number.isInteger(value) ? String(value) : String(Number(value.toPrecision(4)));
  return value === undefined ? "" : JSON.stringify(value);
}

/** An episode's start, end, duration and peak as text; one still firing ends "still firing". */
export function episodeText(episode: Episode): { start: string; end: string; duration: string; peak: string } {
  return {
    start: formatAt(episode.start),
    end: episode.end === null ? "still firing" : formatAt(episode.end),
    duration: episode.end === null ? "" : describeSpan(Date.parse(episode.end) - Date.parse(episode.start)),
    peak: formatValue(episode.peak),
  };
}

/** "1 episode, 5 firings per 30 days, firing 43% of the time". */
export function summaryText(rule: RuleReplay): string {
  const count = rule.episodes.length;
  const rate = Number.isInteger(rule.firingsPer30d) ? String(rule.firingsPer30d) : rule.firingsPer30d.toFixed(1);
  return `${count} episode${count === 1 ? "" : "s"}, ${rate} firing${rate === "1" ? "" : "s"} per 30 days, firing ${Math.round(rule.timeFiring * 100)}% of the time`;
}

/** "once", "3 times". */
export function times(count: number): string {
  return count === 1 ? "once" : `${count} times`;
}
