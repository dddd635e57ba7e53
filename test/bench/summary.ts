/**
 * The one summary table `npm run bench` ends with (issue 16's regression guard): each bench
 * records its figures here, one JSON line per figure in a file the bench run's global setup
 * (summaryTable.ts) names, and the setup prints them as one Markdown table when the run ends.
 * The README's Performance table is that output, so a figure that slips shows up as "no".
 */
import { appendFileSync } from "node:fs";

/** A goal for `measured`: at most or at least a value, in the unit shown after it. */
export type Target = { atMost: number; unit?: string } | { atLeast: number; unit?: string };

export interface Figure {
  /** What was measured, e.g. "mmd, 2000 + 2000 × 10, 100 permutations". */
  figure: string;
  /** Driftbook's result as shown, e.g. "283 ms" or "75.6k rows/s". */
  ours: string;
  /** The baseline measured side by side in the same run, named, e.g. "numpy 215 ms"; absent when there is none. */
  baseline?: string;
  /** Driftbook over the baseline (times) or Driftbook's share of the baseline (rates). */
  ratio?: number;
  /** The number the target is about: the ratio, or an absolute figure such as milliseconds. */
  measured?: number;
  target?: Target;
  /** Anything that makes the figure untrustworthy, e.g. results that disagree with the baseline. */
  warning?: string;
}

/** The environment variable naming the file the figures go to; set by summaryTable.ts. */
export const SUMMARY_FILE_VARIABLE = "DRIFTBOOK_BENCH_SUMMARY";

/** Records `figure` for the summary table, and prints it at once so a long run shows progress. */
export function recordFigure(figure: Figure): void {
  console.log(summaryLine(figure));
  const file = process.env[SUMMARY_FILE_VARIABLE];
  if (file) appendFileSync(file, JSON.stringify(figure) + "\n");
}

/** Whether the figure meets its target; undefined when it has none. */
export function met(figure: Figure): boolean | undefined {
  const { target, measured } = figure;
  if (!target || measured === undefined) return undefined;
  if (figure.warning) return false;
  return "atMost" in target ? measured <= target.atMost : measured >= target.atLeast;
}

export function formatTarget(target: Target | undefined): string {
  if (!target) return "—";
  const [sign, value] = "atMost" in target ? ["≤", target.atMost] : ["≥", target.atLeast];
  return `${sign} ${value}${target.unit ? ` ${target.unit}` : ""}`;
}

const HEADER = ["figure", "Driftbook", "baseline, same run", "ratio", "target", "met?"];

/** The figures as one Markdown table, in the order they were recorded. */
export function summaryTable(figures: Figure[]): string {
  const rows = figures.map((figure) => {
    const verdict = met(figure);
    return [
      figure.figure,
      figure.ours,
      figure.baseline ?? "—",
      figure.ratio === undefined ? "—" : figure.ratio.toFixed(2),
      formatTarget(figure.target),
      (verdict === undefined ? "—" : verdict ? "yes" : "**no**") + (figure.warning ? ` (${figure.warning})` : ""),
    ];
  });
  return [HEADER, HEADER.map(() => "---"), ...rows].map((cells) => `| ${cells.join(" | ")} |`).join("\n");
}

function summaryLine(figure: Figure): string {
  const verdict = met(figure);
  return (
    `${figure.figure}: ${figure.ours}` +
    (figure.baseline ? `; ${figure.baseline}` : "") +
    (figure.ratio === undefined ? "" : `; ratio ${figure.ratio.toFixed(2)}`) +
    (figure.target ? `; target ${formatTarget(figure.target)} ${verdict ? "met" : "NOT met"}` : "") +
    (figure.warning ? ` — ${figure.warning}` : "")
  );
}
