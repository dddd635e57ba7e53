/**
 * An alert cell's Replay control (issue 19). Pick a range (24h, 7d, 30d) and a step (1h, 1d);
 * the server replays the saved rule over that history — its cell and the cells it depends on,
 * as of each step — and streams its progress. Then the cell shows the rule's timeline (state
 * band and value, episodes shaded: the server's sanitized SVG, shown as a cell's Plot is), its
 * episodes, how often it would have fired, and for a rule with a `budget:` the verdict, as a
 * warning on the cell when the rule would have fired more often than the budget allows. A new
 * replay, the cell's removal and the page's closing cancel the one running; the server cancels
 * it too when the rule's cells change on disk.
 */
import "./replay.css";
import {
  REPLAY_RANGES,
  REPLAY_STEPS,
  type ReplayEvery,
  type ReplayRange,
  type RuleReplayResult,
} from "../../server/protocol/index.ts";
import { button, el } from "../dom.ts";
import { renderOutput } from "../outputs/index.ts";
import type { ReplayMessage } from "../socket.ts";
import { episodesList, followReplay } from "./replayParts.ts";

/** Starts a replay of the rule `rule` of the notebook's workbook; returns its cancel function. */
export type RuleReplayer = (
  rule: string,
  range: ReplayRange,
  every: ReplayEvery,
  listener: (message: ReplayMessage) => void,
) => () => void;

const DEFAULT_RANGE: ReplayRange = "7d";
const DEFAULT_STEP: ReplayEvery = "1h";

export class ReplayControl {
  readonly element: HTMLElement;
  private readonly range = choice("Replay over", REPLAY_RANGES, DEFAULT_RANGE, "replay-range");
  private readonly step = choice("Evaluate every", REPLAY_STEPS, DEFAULT_STEP, "replay-step");
  private readonly start = button("Replay", () => this.run(), {
    class: "replay-start",
    title: "What this rule would have done over the chosen range, from the saved file",
  });
  private readonly progress = el("span", { class: "replay-progress", attrs: { "aria-live": "polite" } });
  private readonly budget = el("p", { class: "replay-budget", attrs: { role: "status" } });
  private readonly result = el("div", { class: "replay-result" });
  private rule: string | undefined;
  private cancel: () => void = () => undefined;

  /** `cell` is the cell's element, marked `data-budget="over"` while a replay says the rule exceeds its budget. */
  constructor(
    private readonly cell: HTMLElement,
    private readonly replay: RuleReplayer,
  ) {
    this.budget.hidden = true;
    this.element = el(
      "div",
      { class: "replay", attrs: { "data-state": "idle" } },
      el("div", { class: "replay-bar" }, this.start, this.range, this.step, this.progress),
      this.budget,
      this.result,
    );
  }

  /** The rule the cell names now; a cell without a name has no rule to replay. */
  setRule(rule: string | undefined): void {
    this.rule = rule;
    this.start.disabled = rule === undefined;
    this.start.title =
      rule === undefined
        ? "Name the alert cell (```alert NAME) to replay it"
        : `What ${rule} would have done over the chosen range, from the saved file`;
  }

  dispose(): void {
    this.cancel();
  }

  private run(): void {
    if (this.rule === undefined) return;
    this.cancel();
    const listener = followReplay(this.element, this.progress, (result) => {
      if (result.kind === "rule") this.show(result);
    });
    this.cancel = this.replay(this.rule, this.range.value as ReplayRange, this.step.value as ReplayEvery, listener);
  }

  private show(result: RuleReplayResult): void {
    this.progress.textContent = `Replayed ${result.text}`;
    const instances = Object.entries(result.instances);
    const single = instances.length === 1 && instances[0][0] === result.rule;
    this.result.replaceChildren(
      ...(instances.length === 0
        ? [el("p", { class: "note", text: "The rule had no instance at any step." })]
        : instances.map(([key, replay]) =>
            el(
              "section",
              { class: "replay-instance", attrs: { "data-instance": key } },
              ...(single ? [] : [el("h5", { text: key })]),
              el("p", { class: "replay-rate", text: replay.summary }),
              renderOutput(replay.timeline),
              episodesList(replay.episodeTexts),
            ),
          )),
    );
    const verdict = result.budget;
    this.budget.hidden = verdict === undefined;
    // Firings over a shorter range than the budget's window can only be fewer: "over" holds, "within" may not.
    this.budget.textContent = !verdict
      ? ""
      : verdict.over
        ? `Over its alarm budget: ${verdict.message}`
        : verdict.covered
          ? `Within its alarm budget: ${verdict.message}`
          : `Alarm budget: ${verdict.message}, in a replay shorter than the budget's window: replay a longer range to judge it`;
    this.budget.classList.toggle("replay-over-budget", verdict?.over === true);
    if (verdict?.over) this.cell.dataset.budget = "over";
    else delete this.cell.dataset.budget;
  }
}

/** A labelled select of `values`. */
function choice<T extends string>(
  label: string,
  values: readonly T[],
  selected: T,
  className: string,
): HTMLSelectElement {
  return el(
    "select",
    { class: className, attrs: { "aria-label": label, title: label } },
    ...values.map((value) =>
      el("option", { text: value, attrs: value === selected ? { value, selected: "" } : { value } }),
    ),
  );
}
