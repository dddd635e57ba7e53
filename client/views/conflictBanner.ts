/**
 * The banner that asks which side to keep when the page's unsaved edits and the file disagree:
 * the file changed elsewhere, it is gone, or the page opened on a draft this browser kept from
 * an earlier page (drafts.ts). It shows both sides — the file on the left, the page on the
 * right, in Monaco's diff editor — and runs the side the user picks; nothing is dropped unasked.
 */
import { button, el } from "../dom.ts";
import { createComparison } from "../editor/monaco.ts";
import "./saving.css";

export type Conflict =
  /** Another version reached the disk while the page held unsaved edits (a 409, or the socket). */
  | { reason: "changed"; version: string; theirs: string }
  /** The file was deleted or renamed away while the page held unsaved edits. */
  | { reason: "gone" }
  /**
   * The page opened on a draft kept at `keptAt`; `changedSince` says the file is no longer at the
   * version the draft was edited from.
   */
  | { reason: "draft"; version: string; theirs: string; keptAt: number; changedSince: boolean };

export interface ConflictChoice {
  /** Saves the page's text over the version on disk. */
  keepMine(): void;
  /** Drops the page's edits and shows the file. */
  keepTheirs(): void;
}

interface Wording {
  message: string;
  mine?: string;
  theirs: string;
  /** What the right side of the comparison is. */
  mineSide: string;
}

function wording(conflict: Conflict): Wording {
  switch (conflict.reason) {
    case "changed":
      return {
        message: "This workbook changed elsewhere while you had unsaved edits.",
        mine: "Keep mine (overwrite)",
        theirs: "Reload theirs",
        mineSide: "Your edits",
      };
    case "gone":
      return {
        message: "This workbook no longer exists on disk. Your edits are still on this page.",
        theirs: "Reload theirs",
        mineSide: "Your edits",
      };
    case "draft": {
      const kept = `This browser kept edits you made on ${new Date(conflict.keptAt).toLocaleString()} that never reached the file`;
      return conflict.changedSince
        ? {
            message: `${kept}, and the file changed on disk since.`,
            mine: "Keep my draft (overwrite)",
            theirs: "Keep the file",
            mineSide: "Your draft",
          }
        : { message: `${kept}.`, mine: "Save my draft", theirs: "Discard my draft", mineSide: "Your draft" };
    }
    default: {
      const unknown: never = conflict;
      throw new Error(`unknown conflict ${JSON.stringify(unknown)}`);
    }
  }
}

/** The banner for `conflict` between the page's text `mine` and the file; `dispose` frees its comparison. */
export function conflictBanner(
  conflict: Conflict,
  mine: string,
  choice: ConflictChoice,
): { element: HTMLElement; dispose(): void } {
  const words = wording(conflict);
  const element = el(
    "div",
    { class: "conflict", attrs: { role: "alert" } },
    el(
      "div",
      { class: "conflict-choice" },
      el("p", { text: words.message }),
      button(words.theirs, () => choice.keepTheirs(), { title: "Drop the edits on this page and show the file" }),
      ...(words.mine
        ? [button(words.mine, () => choice.keepMine(), { title: "Save the text on this page over the file" })]
        : []),
    ),
  );
  if (conflict.reason === "gone") return { element, dispose: () => undefined };
  const box = el("div", { class: "comparison" });
  element.append(
    el("div", { class: "comparison-sides" }, el("span", { text: "On disk" }), el("span", { text: words.mineSide })),
    box,
  );
  const comparison = createComparison(box, conflict.theirs, mine);
  return { element, dispose: () => comparison.dispose() };
}
