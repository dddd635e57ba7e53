/**
 * Which headless runs are production runs. Only production runs change the world — move alert
 * state, notify, record metric points — so that `for: 2 runs` counts the workbook's own runs and
 * nothing else (DESIGN.md, "Production runs and previews"). A run of a past version (`--rev`) or
 * with params other than the front matter's defaults is a what-if: it previews its rules from
 * the stored state. `alerts` (`driftbook run --alerts`, run-now's `{"alerts": true}`) decides
 * either way when it is given.
 */
import { isDeepStrictEqual } from "node:util";

export interface RunKind {
  /** The front matter's params. */
  defaults: Record<string, unknown>;
  /** The params the run uses: the defaults with its overrides applied. */
  params: Record<string, unknown>;
  /** Set when the run is of a past version of the workbook (`--rev`). */
  rev?: string;
  /** Asked for explicitly: true for a production run, false for a what-if. */
  alerts?: boolean;
}

export function isProductionRun({ defaults, params, rev, alerts }: RunKind): boolean {
  if (alerts !== undefined) return alerts;
  return rev === undefined && isDeepStrictEqual(defaults, params);
}
