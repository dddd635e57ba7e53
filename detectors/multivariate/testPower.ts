/**
 * The objective learnedKernelMmd maximises and its analytic gradient: Liu et al.'s estimate of a
 * kernel two-sample test's power, Ĵ = MMD²_u / √(σ̂²_H + λ) (Liu et al., "Learning Deep Kernels for
 * Non-Parametric Two-Sample Tests", ICML 2020, eq. 4 and 5), as Alibi Detect 0.12 computes it
 * (`LearnedKernelDriftTorch.JHat`, cd/pytorch/learned_kernel.py), for a Gaussian kernel with one
 * lengthscale per dimension. Written out by hand so no autodiff library is needed.
 */

/**
 * Ĵ and ∂Ĵ/∂log ℓ_k on one batch of n paired rows x_i, y_i (already divided by √2·ℓ, so
 * k(a, b) = exp(−‖a − b‖²)). With H_ij = k(x_i, x_j) + k(y_i, y_j) − k(x_i, y_j) − k(x_j, y_i),
 * r_i = Σ_j H_ij and S = Σ_i r_i, Alibi's estimates are
 *   MMD²_u = (S − tr H)/(n(n−1)),   σ̂²_H = 4·Σ_i r_i²/n³ − 4·S²/n⁴,
 * and λ = `varianceRegulariser` (Alibi's `var_reg`, 1e-5) keeps the ratio finite.
 * Since ∂k(a, b)/∂log ℓ_k = 2·k(a, b)·(a_k − b_k)² on the scaled rows, the gradient is
 * 2·Σ_ij G_ij·∂H_ij with G_ij = ∂Ĵ/∂H_ij = α·[i ≠ j] + β_i, where α = 1/(n(n−1)√v),
 * β_i = −MMD²_u/(2v^{3/2})·(8r_i/n³ − 8S/n⁴) and v = σ̂²_H + λ.
 *
 * @param x n × d scaled reference rows, row-major
 * @param y n × d scaled current rows, row-major
 * @param gradient receives ∂Ĵ/∂log ℓ (length d)
 * @returns Ĵ
 */
export function powerAndGradient(
  x: Float64Array,
  y: Float64Array,
  n: number,
  d: number,
  varianceRegulariser: number,
  gradient: Float64Array,
): number {
  const kxx = kernelMatrix(x, x, n, d);
  const kyy = kernelMatrix(y, y, n, d);
  const kxy = kernelMatrix(x, y, n, d); // kxy[i·n + j] = k(x_i, y_j)
  const rowSums = new Float64Array(n);
  let sum = 0;
  let trace = 0;
  for (let i = 0; i < n; i++) {
    let r = 0;
    for (let j = 0; j < n; j++) r += kxx[i * n + j] + kyy[i * n + j] - kxy[i * n + j] - kxy[j * n + i];
    rowSums[i] = r;
    sum += r;
    trace += 2 - 2 * kxy[i * n + i];
  }
  let squares = 0;
  for (const r of rowSums) squares += r * r;
  const mmd2 = (sum - trace) / (n * (n - 1));
  const variance = (4 * squares) / n ** 3 - (4 * sum * sum) / n ** 4 + varianceRegulariser;
  const root = Math.sqrt(variance);
  const alpha = 1 / (n * (n - 1) * root);
  const varianceWeight = -mmd2 / (2 * variance * root);
  const beta = Float64Array.from(rowSums, (r) => varianceWeight * ((8 * r) / n ** 3 - (8 * sum) / n ** 4));

  gradient.fill(0);
  // k(x_i, x_j) enters H_ij and H_ji: weight G_ij + G_ji = 2α + β_i + β_j over pairs i < j; same for y.
  // k(x_i, y_j) enters −H_ij and −H_ji: weight −(G_ij + G_ji) over all (i, j), with α only off the diagonal.
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) {
      const pairWeight = (i === j ? 0 : 2 * alpha) + beta[i] + beta[j];
      if (j > i) {
        accumulate(gradient, x, i, x, j, d, pairWeight * kxx[i * n + j]);
        accumulate(gradient, y, i, y, j, d, pairWeight * kyy[i * n + j]);
      }
      accumulate(gradient, x, i, y, j, d, -pairWeight * kxy[i * n + j]);
    }
  }
  for (let k = 0; k < d; k++) gradient[k] *= 2;
  return mmd2 / root;
}

/** exp(−‖a_i − b_j‖²) for all i, j, row-major n × n. */
function kernelMatrix(a: Float64Array, b: Float64Array, n: number, d: number): Float64Array {
  const out = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) {
      let s = 0;
      for (let k = 0; k < d; k++) {
        const u = a[i * d + k] - b[j * d + k];
        s += u * u;
      }
      out[i * n + j] = Math.exp(-s);
    }
  }
  return out;
}

/** gradient_k += weight·(a_ik − b_jk)² for every dimension k. */
function accumulate(
  gradient: Float64Array,
  a: Float64Array,
  i: number,
  b: Float64Array,
  j: number,
  d: number,
  weight: number,
): void {
  for (let k = 0; k < d; k++) {
    const u = a[i * d + k] - b[j * d + k];
    gradient[k] += weight * u * u;
  }
}
