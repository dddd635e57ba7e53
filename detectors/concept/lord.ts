/**
 * LORD++, an online rule controlling the false discovery rate over a sequence of tests (Javanmard
 * & Montanari 2018, "Online rules for control of false discovery rate and false discovery
 * exceedance", Annals of Statistics 46(2); the ++ form of Ramdas, Yang, Wainwright & Jordan 2017,
 * "Online control of the false discovery rate with decaying memory", NeurIPS). Test t is judged
 * at a level that depends only on earlier tests, so, unlike Benjamini–Hochberg, a new chunk never
 * changes the verdict of a past one.
 */

/** J&M's constant making Σ γⱼ ≤ 1 (the sum is ≈ 0.976). */
const GAMMA_SCALE = 0.07720838;

/** γⱼ = C·ln(max(j, 2))/(j·e^√(ln j)), j ≥ 1: how the wealth is spent after each discovery. */
export function lordGamma(j: number): number {
  return (GAMMA_SCALE * Math.log(Math.max(j, 2))) / (j * Math.exp(Math.sqrt(Math.log(j))));
}

/**
 * The LORD++ levels and verdicts of p-values in test order: αₜ = γₜ·W₀ + (α − W₀)·γ_{t−τ₁} +
 * α·Σ_{j≥2} γ_{t−τⱼ}, τⱼ the j-th discovery before t, and test t rejects when pₜ ≤ αₜ.
 * @param alpha the false discovery rate to control
 * @param initialWealth W₀, in (0, alpha]; default alpha/2
 */
export function lordLevels(
  pValues: readonly number[],
  alpha: number,
  initialWealth = alpha / 2,
): { levels: number[]; rejected: boolean[] } {
  if (!(initialWealth > 0 && initialWealth <= alpha))
    throw new Error(`lord: initialWealth must be in (0, alpha = ${alpha}], got ${initialWealth}`);
  const discoveries: number[] = [];
  const levels: number[] = [];
  const rejected: boolean[] = [];
  pValues.forEach((p, index) => {
    const t = index + 1;
    let level = lordGamma(t) * initialWealth;
    discoveries.forEach((tau, j) => (level += (j === 0 ? alpha - initialWealth : alpha) * lordGamma(t - tau)));
    levels.push(level);
    rejected.push(p <= level);
    if (p <= level) discoveries.push(t);
  });
  return { levels, rejected };
}
