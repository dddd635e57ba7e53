import * as aq from "arquero";
import { seededRng } from "../../../detectors/random/rng.ts";
import { cbpe } from "../../../detectors/performance/cbpe.ts";
import { sideBySide } from "../helpers.ts";
import { recordFigure } from "../summary.ts";
import { alternate, median } from "./alternate.ts";

// The case measured (issue 22): CBPE on 1M scored predictions in 30 daily chunks, as a workbook calls
// it on a `sql` cell's table (typed columns; the label column, null where not labelled yet, a plain
// array), against a numpy + scikit-learn restatement of NannyML 0.13's CBPE (cbpe_nannyml.py),
// alternating ROUNDS rounds of RUNS timed runs (alternate.ts). Both sides do the whole call: decide
// and fit the isotonic calibration on a 100k-row reference (10 daily chunks, for the thresholds),
// then estimate six metrics per analysis day and realize them on the 20 labelled days. The scores
// are miscalibrated on purpose (labels follow a steeper logistic than the scores), so both sides
// calibrate, and the estimates per day must agree within 1e-6.
const REFERENCE_ROWS = 100_000;
const REFERENCE_DAYS = 10;
const ROWS = 1_000_000;
const DAYS = 30;
const LABELLED_DAYS = 20;
const METRICS = ["roc_auc", "f1", "precision", "recall", "specificity", "accuracy"] as const;
const DAY_MS = 86_400_000;
const START = Date.UTC(2026, 0, 1);
const ROUNDS = 3;
const RUNS = 2;

interface Scored {
  ts: Float64Array;
  score: Float64Array;
  prediction: Float64Array;
  label: (number | null)[];
  day: Float64Array;
}

/** `n` predictions over `days` UTC days; inputs shift upwards by `shiftPerDay` a day; labels on the first `labelledDays`. */
function scored(
  rng: ReturnType<typeof seededRng>,
  n: number,
  days: number,
  labelledDays: number,
  shiftPerDay: number,
): Scored {
  const out: Scored = {
    ts: new Float64Array(n),
    score: new Float64Array(n),
    prediction: new Float64Array(n),
    label: new Array<number | null>(n),
    day: new Float64Array(n),
  };
  for (let i = 0; i < n; i++) {
    const day = Math.floor((i * days) / n);
    const z = rng.normal() - 1 + shiftPerDay * day;
    const score = Math.round(1e6 / (1 + Math.exp(-z))) / 1e6;
    out.day[i] = day;
    out.ts[i] = START + day * DAY_MS + Math.floor(((i * days) % n) * (DAY_MS / n));
    out.score[i] = score;
    out.prediction[i] = score >= 0.5 ? 1 : 0;
    out.label[i] = day < labelledDays ? (rng.next() < 1 / (1 + Math.exp(-1.6 * z)) ? 1 : 0) : null;
  }
  return out;
}

const table = ({ ts, score, prediction, label }: Scored) => aq.table({ ts, score, prediction, label });

/** The columns the baseline reads, one after another, as float64 (a missing label as NaN). */
function columnBytes(...sets: Scored[]): Buffer {
  const columns = sets.flatMap((set) => [
    set.score,
    Float64Array.from(set.label, (y) => y ?? NaN),
    set.prediction,
    set.day,
  ]);
  return Buffer.concat(columns.map((column) => Buffer.from(column.buffer, column.byteOffset, column.byteLength)));
}

function compare(): void {
  const rng = seededRng(45);
  const reference = scored(rng, REFERENCE_ROWS, REFERENCE_DAYS, REFERENCE_DAYS, 0);
  const analysis = scored(rng, ROWS, DAYS, LABELLED_DAYS, 0.02);
  const referenceTable = table(reference);
  const analysisTable = table(analysis);
  const { ours, ourCpu, theirs, result, baseline } = alternate<
    ReturnType<typeof cbpe>,
    { calibrated: boolean; accuracy: number[]; rocAuc: number[] }
  >({
    script: "cbpe_nannyml.py",
    python: "/usr/bin/python3",
    args: [REFERENCE_ROWS, ROWS, RUNS],
    input: columnBytes(reference, analysis),
    rounds: ROUNDS,
    runs: RUNS,
    ours: () => cbpe(referenceTable, analysisTable, { metrics: [...METRICS], chunks: { period: "1d" } }),
  });
  const best = Math.min(...ours);
  const theirBest = Math.min(...theirs);
  const differs = (ourValues: number[], theirValues: number[]) =>
    ourValues.length !== theirValues.length ||
    ourValues.some((value, i) => !(Math.abs(value - theirValues[i]) <= 1e-6));
  const accuracy = result.metrics.accuracy.map((entry) => entry.estimate);
  const rocAuc = result.metrics.roc_auc.map((entry) => entry.estimate);
  const disagreements = [
    result.calibrated !== baseline.calibrated &&
      `calibrated: ${String(result.calibrated)} vs NannyML's ${String(baseline.calibrated)}`,
    differs(accuracy, baseline.accuracy) && "estimated accuracy per day differs by more than 1e-6",
    differs(rocAuc, baseline.rocAuc) && "estimated ROC AUC per day differs by more than 1e-6",
  ].filter(Boolean);
  recordFigure({
    figure: `cbpe, ${ROWS / 1e6}M scored predictions in ${DAYS} daily chunks (${LABELLED_DAYS} labelled), ${METRICS.length} metrics, isotonic calibration on a ${REFERENCE_ROWS / 1000}k-row reference (best of ${ROUNDS}×${RUNS} alternating runs)`,
    ours: `${best.toFixed(0)} ms (median ${median(ours).toFixed(0)}; CPU ${Math.min(...ourCpu).toFixed(0)} ms)`,
    baseline: `numpy + scikit-learn restatement of NannyML ${theirBest.toFixed(0)} ms (median ${median(theirs).toFixed(0)})`,
    ratio: best / theirBest,
    warning: disagreements.length ? disagreements.join("; ") : undefined,
  });
}

sideBySide("cbpe side by side with a NannyML restatement", compare);
