import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import { describe } from "vitest";
import { anomalyScores, growForest } from "../../../detectors/outliers/isolationTrees.ts";
import { isolationForest } from "../../../detectors/outliers/isolationForest.ts";
import { seededRng } from "../../../detectors/random/rng.ts";
import { rocAuc } from "../../detectors/outliers/outlierCases.ts";
import { medianMs, sideBySide } from "../helpers.ts";
import { recordFigure } from "../summary.ts";

// Issue 22's figure: an isolation forest (100 trees, ψ = 256) grown on 10k × 20 reference rows and
// scoring 100k current rows, of which 1% are planted outliers (every feature shifted by 0.8 σ in a
// random direction), against scikit-learn's IsolationForest on the same rows in the same run
// (isolationForest_sklearn.py, one thread). Fit and score are timed apart (growForest, anomalyScores)
// and as the whole call; the AUCs on the planted rows show the two forests rank alike.
// Target: the whole call at most scikit-learn's fit + score.
const N = 10_000;
const M = 100_000;
const D = 20;
const RUNS = 3;
const SHIFT = 0.8;

describe("detectors/outliers/isolationForest vs scikit-learn", () => {
  sideBySide("isolationForest side by side with scikit-learn's IsolationForest", async () => {
    const rng = seededRng(22);
    const reference = Float64Array.from({ length: N * D }, () => rng.normal());
    const current = Float64Array.from({ length: M * D }, () => rng.normal());
    const labels = new Float64Array(M);
    for (let i = 0; i < M; i += 100) {
      labels[i] = 1;
      for (let k = 0; k < D; k++) current[i * D + k] += rng.next() < 0.5 ? -SHIFT : SHIFT;
    }
    const refRows = Array.from({ length: N }, (_, i) => reference.subarray(i * D, (i + 1) * D));
    const curRows = Array.from({ length: M }, (_, i) => current.subarray(i * D, (i + 1) * D));
    const input = Buffer.concat([reference, current, labels].map((a) => Buffer.from(a.buffer)));
    const script = fileURLToPath(new URL("./isolationForest_sklearn.py", import.meta.url));
    const python = spawnSync("/usr/bin/python3", [script, String(N), String(M), String(D), String(RUNS)], {
      input,
      encoding: "utf8",
      maxBuffer: 1 << 20,
    });
    if (python.status !== 0) throw new Error(`isolationForest_sklearn.py failed: ${python.stderr}`);
    const sklearn = JSON.parse(python.stdout) as { fitMs: number; scoreMs: number; auc: number };

    const refMatrix = { data: reference, rows: N, cols: D };
    const curMatrix = { data: current, rows: M, cols: D };
    const fitMs = await medianMs(() => growForest(refMatrix, 100, 256, seededRng(0)), RUNS);
    const forest = growForest(refMatrix, 100, 256, seededRng(0));
    const scoreMs = await medianMs(() => anomalyScores(forest, curMatrix), RUNS);
    let result = isolationForest(refRows, curRows);
    const wholeMs = await medianMs(() => (result = isolationForest(refRows, curRows)), RUNS);
    const auc = rocAuc(result.scores, labels);
    const theirs = sklearn.fitMs + sklearn.scoreMs;
    recordFigure({
      figure: `isolationForest, fit 10k × 20, score 100k rows (100 trees, ψ 256)`,
      ours: `${wholeMs.toFixed(0)} ms (fit ${fitMs.toFixed(1)} ms, score ${scoreMs.toFixed(0)} ms; AUC ${auc.toFixed(3)})`,
      baseline: `scikit-learn ${theirs.toFixed(0)} ms (fit ${sklearn.fitMs.toFixed(0)} ms, score ${sklearn.scoreMs.toFixed(0)} ms; AUC ${sklearn.auc.toFixed(3)})`,
      ratio: wholeMs / theirs,
      measured: wholeMs / theirs,
      target: { atMost: 1.0 },
      warning:
        Math.abs(auc - sklearn.auc) <= 0.01 ? undefined : `AUCs differ by more than 0.01: ${auc} vs ${sklearn.auc}`,
    });
  });
});
