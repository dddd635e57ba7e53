/**
 * Makes the `error` output a cell shows for anything it threw (used by the worker and output
 * serialization), and reads it back for run reports and records.
 */
import type { ErrorOutput, Output } from "../protocol/index.ts";

/** The places an error output may carry: in the file, and in the cell (see analysis/cellPosition.ts). */
const PLACE_FIELDS = ["line", "column", "cellLine", "cellColumn"] as const;

/** Turns whatever a cell threw into an error output, keeping its place in the file and the cell when known. */
export function errorOutput(error: unknown): ErrorOutput {
  const { message } = error as { message?: unknown };
  const output: ErrorOutput = {
    kind: "error",
    message: typeof message === "string" && message ? message : String(error),
  };
  for (const field of PLACE_FIELDS) {
    const value = (error as Partial<Record<(typeof PLACE_FIELDS)[number], unknown>> | null)?.[field];
    if (typeof value === "number") output[field] = value;
  }
  return output;
}

/** The error a cell shows (its message and place), without the output's kind; undefined when it shows none. */
export function shownError(outputs: Output[]): Omit<ErrorOutput, "kind"> | undefined {
  const output = outputs.find((candidate) => candidate.kind === "error");
  if (output?.kind !== "error") return undefined;
  const { kind: _kind, ...error } = output;
  return error;
}
