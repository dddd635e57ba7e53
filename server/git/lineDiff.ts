/** A line-level diff of two texts, for showing what changed inside one block of a workbook. */
import type { LineDiff } from "../protocol/git.ts";
import { lineContent, splitLines } from "../workbook/lines.ts";
import { diffSequences } from "./sequenceDiff.ts";

/**
 * The lines of `before` and `after` as kept, deleted and added lines, in order. Lines are
 * compared with their line ends, so a change of line end alone shows as a deleted and an added
 * line; the text reported has no line end.
 */
export function diffLines(before: string, after: string): LineDiff[] {
  const oldLines = splitLines(before);
  const newLines = splitLines(after);
  return diffSequences(oldLines, newLines).map((step) =>
    step.op === "add"
      ? { op: "add", text: lineContent(newLines[step.b]) }
      : { op: step.op, text: lineContent(oldLines[step.a]) },
  );
}
