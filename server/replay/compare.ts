/**
 * The impact of an edit: two replays of the same steps (a workbook before and after a change)
 * compared rule by rule — which episodes it would add, which it would no longer have, which
 * would move — and one sentence an on-call engineer can read in a diff: "would have fired 3
 * times instead of 11 in the last 30 days".
 */
import { times } from "./format.ts";
import { describeSpan, spanOf } from "./steps.ts";
import type { Episode, ReplayResult } from "./types.ts";
import type { RuleComparison } from "../protocol/index.ts";

export type { RuleComparison } from "../protocol/index.ts";

/** Compares two replays of the same steps, per replay key present in either (in the order they first appear). */
export function compareReplays(before: ReplayResult, after: ReplayResult): RuleComparison[] {
  const at = (result: ReplayResult) => result.steps.map((step) => step.at).join();
  if (at(before) !== at(after)) throw new Error("the two replays must cover the same steps to be compared");
  const span = describeSpan(spanOf(before.steps.map((step) => Date.parse(step.at))));
  const keys = [...new Set([...Object.keys(before.rules), ...Object.keys(after.rules)])];
  return keys.map((key) => {
    const was = before.rules[key]?.episodes ?? [];
    const now = after.rules[key]?.episodes ?? [];
    const moved = now.flatMap((episode) => {
      const match = was.find((old) => overlaps(old, episode));
      return match && !same(match, episode) ? [{ before: match, after: episode }] : [];
    });
    const added = now.filter((episode) => !was.some((old) => overlaps(old, episode)));
    const removed = was.filter((old) => !now.some((episode) => overlaps(old, episode)));
    return { key, before: was, after: now, added, removed, moved, sentence: sentenceOf(was, now, moved.length, span) };
  });
}

function sentenceOf(before: Episode[], after: Episode[], moved: number, span: string): string {
  const movedNote = moved === 0 ? "" : `; ${moved} episode${moved === 1 ? "" : "s"} would move`;
  if (before.length === after.length)
    return `would have fired ${times(after.length)}, as before, in the last ${span}${movedNote}`;
  return `would have fired ${times(after.length)} instead of ${before.length} in the last ${span}${movedNote}`;
}

/** Whether two episodes share a step: an open episode runs to the end of the replay. */
function overlaps(a: Episode, b: Episode): boolean {
  return (a.end === null || b.start < a.end) && (b.end === null || a.start < b.end);
}

function same(a: Episode, b: Episode): boolean {
  return a.start === b.start && a.end === b.end;
}
