/** Replays built by hand for the replay modules' tests. */
import { ruleReplays } from "../../server/replay/episodes.ts";
import type { ReplayResult, ReplayStep } from "../../server/replay/types.ts";

const DAY = 86_400_000;

/** Six daily steps: normal with a value under 0.2, then firing from day 4 on. */
export function driftReplay(): ReplayResult {
  const values = [0.05, 0.1, 0.08, 0.4, 0.6, 0.5];
  const steps: ReplayStep[] = values.map((value, i) => ({
    at: new Date((i + 1) * DAY).toISOString(),
    alerts: { drifted: { state: value >= 0.2 ? "firing" : "normal", value } },
    metrics: { drift_share: value },
  }));
  return { workbook: "credit-drift.md", steps, rules: ruleReplays(steps) };
}
