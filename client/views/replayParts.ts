/**
 * Pieces of a replay's answer as DOM, shared by an alert cell's Replay control and the git diff
 * view's impact: a progress line, a rule's episodes, its firing rate in words. Times show in UTC,
 * as `driftbook replay` prints them, so the editor and the CLI agree. Every value goes in as text.
 */
import { formatNumber, type Episode, type ReplaySpan } from "../../server/protocol/index.ts";
import { el } from "../dom.ts";
import type { ReplayMessage } from "../socket.ts";
import { valueText } from "./alertParts.ts";

/** "2026-11-20 12:00 UTC". */
export function utcText(iso: string): string {
  return iso.replace("T", " ").replace(/:\d\d(\.\d+)?Z$/, " UTC");
}

/** "3 h", "2 d 4 h": how long an episode lasted. */
export function durationText(ms: number): string {
  const hours = Math.round(ms / 3_600_000);
  if (hours < 1) return `${Math.round(ms / 60_000)} min`;
  if (hours < 24) return `${hours} h`;
  return hours % 24 ? `${Math.floor(hours / 24)} d ${hours % 24} h` : `${hours / 24} d`;
}

/** One line per episode: "2026-12-01 00:00 UTC → 2026-12-03 00:00 UTC (2 d), peak 0.3"; a note when there is none. */
export function episodesList(episodes: Episode[]): HTMLElement {
  if (episodes.length === 0) return el("p", { class: "note replay-no-episodes", text: "Never fired." });
  return el(
    "ol",
    { class: "replay-episodes" },
    ...episodes.map((episode) =>
      el(
        "li",
        { class: "replay-episode", attrs: { "data-start": episode.start } },
        `${utcText(episode.start)} → `,
        episode.end === null
          ? el("strong", { text: "still firing" })
          : `${utcText(episode.end)} (${durationText(Date.parse(episode.end) - Date.parse(episode.start))})`,
        `, peak ${valueText(episode.peak)}`,
      ),
    ),
  );
}

/** "fired 1 time · 4.3 per 30 days · firing 62% of the time". */
export function rateText(rate: { episodes: Episode[]; firingsPer30d: number; timeFiring: number }): string {
  const times = rate.episodes.length === 1 ? "1 time" : `${rate.episodes.length} times`;
  return `fired ${times} · ${formatNumber(rate.firingsPer30d)} per 30 days · firing ${formatNumber(rate.timeFiring * 100)}% of the time`;
}

/** "7 days hourly (168 steps) to 2026-12-06 20:00 UTC". */
export function spanText(span: ReplaySpan): string {
  return `${span.steps} steps of ${span.every} from ${utcText(span.since)} to ${utcText(span.until)}`;
}

/** Shows a replay's progress in `element`: "Replaying… 12 of 168 steps", or the error it ended with. */
export function showProgress(element: HTMLElement, message: Exclude<ReplayMessage, { type: "replayResult" }>): void {
  element.classList.toggle("replay-failed", message.type === "replayError" && !message.cancelled);
  element.textContent =
    message.type === "replayProgress"
      ? `Replaying… ${message.done} of ${message.total} steps`
      : `${message.cancelled ? "Replay stopped" : "Replay failed"}: ${message.message}`;
}
