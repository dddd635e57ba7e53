/**
 * A change's effect on the alerts, under the git diff (issue 19): the server replays the version
 * the diff starts from and the working file over the same steps (the last 7 days hourly, or the
 * longest budget window of their rules) and
 * answers, per rule, its episodes before → after and a sentence ("would have fired 3 times
 * instead of 11 in the last 7 days"). Shown while the diff is; a new diff or a closed one cancels it.
 */
import "./replay.css";
import type { ReplayImpact, ReplayRequest, RuleComparisonView } from "../../server/protocol/index.ts";
import { el } from "../dom.ts";
import type { ReplayMessage } from "../socket.ts";
import { episodesList, followReplay } from "./replayParts.ts";

/** Starts a replay; returns its cancel function. */
export type Replayer = (request: ReplayRequest, listener: (message: ReplayMessage) => void) => () => void;

export class DiffImpact {
  readonly element: HTMLElement;
  private readonly progress = el("p", { class: "note replay-progress", attrs: { "aria-live": "polite" } });
  private readonly cancel: () => void;

  /** Replays the workbook at `path` as of `rev` against its working file. */
  constructor(replay: Replayer, path: string, rev: string) {
    this.element = el(
      "section",
      { class: "diff-impact" },
      el("h5", { text: "What this change would do to the alerts" }),
      this.progress,
    );
    const listener = followReplay(this.element, this.progress, (result) => {
      if (result.kind === "impact") this.show(result);
    });
    this.cancel = replay({ kind: "impact", path, rev }, listener);
  }

  dispose(): void {
    this.cancel();
  }

  private show(impact: ReplayImpact): void {
    this.progress.textContent = `Both versions replayed: ${impact.text}.`;
    if (impact.rules.length === 0)
      this.element.append(el("p", { class: "note", text: "Neither version has an alert rule." }));
    this.element.append(...impact.rules.map(ruleImpact));
  }
}

/** One rule: its sentence, then its episodes before and after. */
function ruleImpact(rule: RuleComparisonView): HTMLElement {
  const changes = [
    [rule.added.length, "started"],
    [rule.removed.length, "ended"],
    [rule.moved.length, "moved"],
  ].flatMap(([count, what]) => (count ? [`${count} ${what}`] : []));
  return el(
    "div",
    { class: "impact-rule", attrs: { "data-rule": rule.key } },
    el("code", { text: rule.key }),
    el("p", {
      class: "impact-summary",
      text: `${rule.before.length} → ${rule.after.length} episodes: ${rule.sentence}${changes.length ? ` (${changes.join(", ")})` : ""}`,
    }),
    el(
      "details",
      {},
      el("summary", { text: "Episodes before → after" }),
      el("div", { class: "impact-before" }, el("strong", { text: "Before" }), episodesList(rule.beforeTexts)),
      el("div", { class: "impact-after" }, el("strong", { text: "After" }), episodesList(rule.afterTexts)),
    ),
  );
}
