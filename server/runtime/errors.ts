/** Makes the `error` output a cell shows for anything it threw; used by the worker and output serialization. */
import type { ErrorOutput } from "../protocol/index.ts";

/** Turns whatever a cell threw into an error output, keeping the file line when one is known. */
export function errorOutput(error: unknown): ErrorOutput {
  const { message, line, column } = error as { message?: unknown; line?: unknown; column?: unknown };
  const output: ErrorOutput = {
    kind: "error",
    message: typeof message === "string" && message ? message : String(error),
  };
  if (typeof line === "number") output.line = line;
  if (typeof column === "number") output.column = column;
  return output;
}
