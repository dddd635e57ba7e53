/**
 * Pieces of a replay's answer as DOM, shared by an alert cell's Replay control and the git diff
 * view's impact: following a replay (its progress, its error, its state on the box that shows
 * it) and a list of episodes. The server words episodes and rates as `driftbook replay` prints
 * them, so the editor and the terminal agree; every value goes in as text.
 */
import type { EpisodeText, ReplayResult } from "../../server/protocol/index.ts";
import { el } from "../dom.ts";
import type { ReplayMessage } from "../socket.ts";

/** One line per episode: "2026-12-01 00:00 → 2026-12-03 00:00 (2 days), peak 0.3"; a note when there is none. */
export function episodesList(episodes: EpisodeText[]): HTMLElement {
  if (episodes.length === 0) return el("p", { class: "note replay-no-episodes", text: "Never fired." });
  return el(
    "ol",
    { class: "replay-episodes" },
    ...episodes.map(({ start, end, duration, peak }) =>
      el(
        "li",
        { class: "replay-episode" },
        `${start} → `,
        duration ? `${end} (${duration})` : el("strong", { text: end }),
        `, peak ${peak}`,
      ),
    ),
  );
}

/**
 * A replay's listener: marks `box` running, done or failed (`data-state`), says the progress
 * ("Replaying… 12 of 168 steps") or the error in `progress`, and hands the result to `show`.
 */
export function followReplay(
  box: HTMLElement,
  progress: HTMLElement,
  show: (result: ReplayResult) => void,
): (message: ReplayMessage) => void {
  box.dataset.state = "running";
  progress.classList.remove("replay-failed");
  progress.textContent = "Replaying…";
  return (message) => {
    switch (message.type) {
      case "replayProgress":
        progress.textContent = `Replaying… ${message.done} of ${message.total} steps`;
        return;
      case "replayError":
        box.dataset.state = "failed";
        progress.classList.toggle("replay-failed", !message.cancelled);
        progress.textContent = `${message.cancelled ? "Replay stopped" : "Replay failed"}: ${message.message}`;
        return;
      case "replayResult":
        box.dataset.state = "done";
        return show(message.result);
      default: {
        const unknown: never = message;
        console.warn("driftbook: unknown replay message", unknown);
      }
    }
  };
}
