/**
 * What `driftbook replay` prints: per alert instance, its summary, its state at each step (a
 * count of steps per state past MAX_TABLE_STEPS) and its episodes; each metric's series; and
 * with `--compare`, per instance, what the edit changes.
 */
import type { RuleComparison } from "../replay/compare.ts";
import { episodeText, formatAt, formatValue, summaryText } from "../replay/format.ts";
import type { Episode, ReplayResult } from "../replay/types.ts";

/** Longer replays print a summary of states rather than a line per step. */
export const MAX_TABLE_STEPS = 60;

export function printReplay(result: ReplayResult): void {
  const keys = Object.keys(result.rules);
  if (keys.length === 0) console.log("\nthe workbook has no alert rule that was evaluated");
  for (const key of keys) {
    console.log(`\n${key}: ${summaryText(result.rules[key])}`);
    const states = result.steps.map((step) => ({ at: step.at, alert: step.alerts[key] }));
    if (states.length <= MAX_TABLE_STEPS) {
      for (const { at, alert } of states)
        console.log(`  ${formatAt(at)}  ${(alert?.state ?? "-").padEnd(9)} ${alert ? formatValue(alert.value) : ""}`);
    } else {
      const counts = new Map<string, number>();
      for (const { alert } of states)
        counts.set(alert?.state ?? "not evaluated", (counts.get(alert?.state ?? "not evaluated") ?? 0) + 1);
      console.log(`  ${[...counts].map(([state, count]) => `${state} ${count} steps`).join(", ")}`);
    }
    for (const episode of result.rules[key].episodes) console.log(`  episode: ${episodeLine(episode)}`);
  }
  const series = [...new Set(result.steps.flatMap((step) => Object.keys(step.metrics)))];
  for (const name of series) {
    const values = result.steps.flatMap((step) => (Object.hasOwn(step.metrics, name) ? [step.metrics[name]] : []));
    const shown =
      values.length <= MAX_TABLE_STEPS
        ? values.map(formatValue).join(", ")
        : `${values.length} points from ${formatValue(Math.min(...values))} to ${formatValue(Math.max(...values))}, last ${formatValue(values[values.length - 1])}`;
    console.log(`\nmetric ${name}: ${shown}`);
  }
}

/** Per instance: the sentence, then the episodes each side has that the other does not, and those that move. */
export function printComparison(comparison: RuleComparison[], commit: string): void {
  console.log(`\nimpact of the edit (commit ${commit} → this version):`);
  for (const rule of comparison) {
    console.log(`${rule.key}: ${rule.sentence}`);
    for (const episode of rule.added) console.log(`  would start: ${episodeLine(episode)}`);
    for (const episode of rule.removed) console.log(`  would not fire: ${episodeLine(episode)}`);
    for (const { before, after } of rule.moved)
      console.log(`  would move: ${episodeLine(before)} → ${episodeLine(after)}`);
  }
}

function episodeLine(episode: Episode): string {
  const { start, end, duration, peak } = episodeText(episode);
  return `fired ${start}, ${episode.end === null ? end : `resolved ${end} (${duration})`}, peak ${peak}`;
}
