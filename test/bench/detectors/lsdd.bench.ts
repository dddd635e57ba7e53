import { seededRng } from "../../../detectors/random/rng.ts";
import { randomSubsets } from "../../../detectors/random/permutation.ts";
import { lsdd } from "../../../detectors/multivariate/lsdd.ts";
import { sideBySide } from "../helpers.ts";
import { recordFigure } from "../summary.ts";
import { agrees, alternate, median, normalRows, rowBytes } from "./alternate.ts";

// The case measured: n = 2000 per side, 10 dimensions, 100 permutations, 100 kernel centres (the
// default n/20), against a vectorised numpy restatement of Alibi Detect's LSDDDrift (lsdd_numpy.py),
// alternating ROUNDS rounds of RUNS timed runs (alternate.ts); the best time of each side is compared.
// numpy is given the centres lsdd draws for seed 0 (its first draw), so the agreement check compares
// the observed statistic at the λ lsdd chose. Target: ratio ≤ 1.0.
const N = 2000;
const D = 10;
const PERMUTATIONS = 100;
const CENTRES = N / 20;
const ROUNDS = 4;
const RUNS = 3;
const LAMBDAS = Array.from({ length: 10 }, (_, i) => 4 ** -i);

function compare(): void {
  const rng = seededRng(43);
  const reference = normalRows(rng, N, D, 0);
  const current = normalRows(rng, N, D, 0.05);
  const centres = randomSubsets(seededRng(0), N, CENTRES, 1);
  const { ours, ourCpu, theirs, result, baseline } = alternate<
    ReturnType<typeof lsdd>,
    { sigma: number; statisticByLambda: number[] }
  >({
    script: "lsdd_numpy.py",
    args: [N, N, D, PERMUTATIONS, RUNS, ...centres],
    input: rowBytes(reference, current),
    rounds: ROUNDS,
    runs: RUNS,
    // Seed 0 last, so the result checked used the centres numpy was given.
    ours: (run) => lsdd(reference, current, { permutations: PERMUTATIONS, seed: RUNS - 1 - run }),
  });
  const best = Math.min(...ours);
  const theirBest = Math.min(...theirs);
  const expected = baseline.statisticByLambda[LAMBDAS.indexOf(result.lambda)];
  const agree = agrees(result.statistic, expected) && agrees(result.sigma[0], baseline.sigma);
  recordFigure({
    figure: `lsdd, ${N} + ${N} rows × ${D} dims, ${CENTRES} centres, ${PERMUTATIONS} permutations (best of ${ROUNDS}×${RUNS} alternating runs)`,
    ours: `${best.toFixed(0)} ms (median ${median(ours).toFixed(0)}; CPU ${Math.min(...ourCpu).toFixed(0)} ms)`,
    baseline: `vectorised numpy (Alibi's LSDDDrift) ${theirBest.toFixed(0)} ms (median ${median(theirs).toFixed(0)})`,
    ratio: best / theirBest,
    measured: best / theirBest,
    target: { atMost: 1.0 },
    warning: agree
      ? undefined
      : `results differ: statistic ${result.statistic} vs ${expected} at λ ${result.lambda}, sigma ${result.sigma[0]} vs ${baseline.sigma}`,
  });
}

sideBySide("lsdd side by side with numpy", compare);
