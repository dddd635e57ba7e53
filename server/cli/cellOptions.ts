/**
 * The options that bound cell processes, shared by `driftbook serve` and `driftbook run`: their
 * parseArgs definitions, their usage lines and their reading into the runtime host's options.
 */
import type { HostOptions } from "../runtime/host.ts";
import { CellUserError, resolveCellUser } from "../runtime/cellUser.ts";
import { DEFAULT_MAX_OUTPUT_BYTES } from "../runtime/serialize.ts";
import { megabytesOption, positiveOption, secondsOption } from "./args.ts";
import { CliError } from "./cliError.ts";

/** An idle cell process already uses about 80 MB: a lower limit would leave cells no room. */
const MIN_CELL_MEMORY_MB = 128;

export const CELL_OPTIONS = {
  "cell-timeout": { type: "string" },
  "cell-memory": { type: "string" },
  "max-output": { type: "string" },
  "cell-user": { type: "string" },
} as const;

export const CELL_USAGE = `  --cell-timeout S     per-cell time limit in seconds (default 30)
  --cell-memory MB     memory limit of a workbook's cell process, all of it (default 1024)
  --max-output MB      largest HTML or SVG output of a cell; a larger one is replaced by a
                       note (default 5)
  --cell-user NAME     when running as root, run cells as this unprivileged user`;

type CellValues = { [K in keyof typeof CELL_OPTIONS]?: string };

export function cellHostOptions(values: CellValues): HostOptions {
  const memoryLimitMb = positiveOption("cell-memory", values["cell-memory"], "number of megabytes");
  if (memoryLimitMb !== undefined && memoryLimitMb < MIN_CELL_MEMORY_MB) {
    throw new CliError(
      `--cell-memory must be at least ${MIN_CELL_MEMORY_MB} MB (an idle cell process uses about 80 MB), got "${values["cell-memory"]}"`,
    );
  }
  const options: HostOptions = {
    cellTimeoutMs: secondsOption("cell-timeout", values["cell-timeout"], 30_000),
    memoryLimitMb: memoryLimitMb === undefined ? undefined : Math.round(memoryLimitMb),
    maxOutputBytes: megabytesOption("max-output", values["max-output"], DEFAULT_MAX_OUTPUT_BYTES),
  };
  if (values["cell-user"] === undefined) return options;
  try {
    return { ...options, cellUser: resolveCellUser(values["cell-user"]) };
  } catch (error) {
    if (error instanceof CellUserError) throw new CliError(error.message);
    throw error;
  }
}
