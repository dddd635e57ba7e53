/**
 * Threshold schedules of the online detectors, configured as Alibi Detect 0.12 does
 * (cd/pytorch/mmd_online.py and lsdd_online.py `_configure_thresholds`): bootstrap streams drawn
 * from the reference give a statistic for each of the first W window positions; the threshold at
 * position w is the (1 − 1/ert)-quantile of the statistics of the streams that have not yet
 * crossed an earlier threshold. The detection hazard is then 1/ert at every step, so with no
 * change the run length is geometric with mean `ert`.
 */

/**
 * The thresholds for window positions 0…W−1 from a bootstraps × W matrix of statistics (row b is
 * stream b), each the type-7 quantile at 1 − 1/ert of the surviving streams; a stream whose
 * statistic reaches the threshold stops surviving. Alibi drops none after position 0 in
 * LSDDDriftOnline (only in MMDDriftOnline); both drop here, since the initial window is chosen not
 * to detect.
 *
 * @throws when too few streams survive to estimate a quantile (nBootstraps too small for ert)
 */
export function conditionalThresholds(
  statistics: Float64Array,
  bootstraps: number,
  windowSize: number,
  ert: number,
  fn: string,
): number[] {
  const p = 1 - 1 / ert;
  let surviving = Int32Array.from({ length: bootstraps }, (_, b) => b);
  const thresholds: number[] = [];
  for (let w = 0; w < windowSize; w++) {
    if (surviving.length < 2 || p > (surviving.length - 1) / surviving.length)
      throw new Error(
        `${fn}: only ${surviving.length} of ${bootstraps} bootstrap streams reach window position ${w}; use nBootstraps of at least 10 × ert`,
      );
    const values = Float64Array.from(surviving, (b) => statistics[b * windowSize + w]);
    const threshold = quantileType7(values.sort(), p);
    thresholds.push(threshold);
    surviving = surviving.filter((b) => statistics[b * windowSize + w] < threshold);
  }
  return thresholds;
}

/** The type-7 (linear interpolation) p-quantile of ascending `sorted`, as Alibi's utils/pytorch/misc.py `quantile`. */
export function quantileType7(sorted: Float64Array, p: number): number {
  const h = (sorted.length - 1) * p;
  const below = Math.floor(h);
  return below + 1 < sorted.length ? sorted[below] + (h - below) * (sorted[below + 1] - sorted[below]) : sorted[below];
}

/** Checks the options every online detector shares: ert > 1, a window of at least 2, enough bootstraps. */
export function checkOnlineOptions(ert: number, windowSize: number, nBootstraps: number, fn: string): void {
  if (!(ert > 1) || !Number.isFinite(ert)) throw new Error(`${fn}: ert must be a finite number above 1, got ${ert}`);
  if (!Number.isInteger(windowSize) || windowSize < 2)
    throw new Error(`${fn}: windowSize must be an integer ≥ 2, got ${windowSize}`);
  if (!Number.isInteger(nBootstraps) || nBootstraps < ert)
    throw new Error(`${fn}: nBootstraps must be an integer ≥ ert (${ert}), ideally 10 × ert; got ${nBootstraps}`);
}
