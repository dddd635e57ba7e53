/**
 * Rebuilds an online detector from its saved `state()` (detectors.online.restore): the state says
 * its kind, and each kind's module reads its own fields, so a workbook can keep one detector
 * running across server restarts without recalibrating.
 */

import { restoreLsdd } from "./lsdd.ts";
import { restoreMmd } from "./mmd.ts";
import { restoreCvm } from "./cvm.ts";
import { restoreFet } from "./fet.ts";
import type { OnlineDetector, OnlineKind, OnlineState } from "./types.ts";

const KINDS: readonly OnlineKind[] = ["mmd", "lsdd", "cvm", "fet"];

/**
 * The detector a `state()` came from, continuing exactly: the next update gives what the original's
 * next update would have.
 *
 * @throws when `state` is not an online detector's state (names the field that is wrong)
 */
export function restore(state: OnlineState): OnlineDetector {
  if (typeof state !== "object" || state === null) throw new Error("online.restore: state must be an object");
  if (!KINDS.includes(state.kind))
    throw new Error(`online.restore: state.kind must be one of ${KINDS.join(", ")}, got ${JSON.stringify(state.kind)}`);
  if (state.version !== 1)
    throw new Error(`online.restore: state.version ${JSON.stringify(state.version)} is not supported (expected 1)`);
  const kind = state.kind;
  switch (kind) {
    case "cvm":
      return restoreCvm(state);
    case "fet":
      return restoreFet(state);
    case "mmd":
      return restoreMmd(state);
    case "lsdd":
      return restoreLsdd(state);
    default: {
      const never: never = kind;
      throw new Error(`online.restore: unknown kind ${String(never)}`);
    }
  }
}
