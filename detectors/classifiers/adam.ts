/**
 * Adam (Kingma & Ba, "Adam: A Method for Stochastic Optimization", 2015) with torch.optim.Adam's
 * defaults, shared by the detectors that train parameters as Alibi Detect's `trainer` does
 * (spotTheDiff's classifier, learnedKernelMmd's lengthscales).
 */

// Adam's defaults in torch.optim.Adam.
const BETA1 = 0.9;
const BETA2 = 0.999;
const EPSILON = 1e-8;

/** Adam's moment estimates for a parameter vector of fixed size. */
export interface Adam {
  /** Moves `params` one step against `gradient` (descent; negate the gradient to ascend). */
  step(params: Float64Array, gradient: Float64Array): void;
}

export function adam(size: number, learningRate: number): Adam {
  const moment1 = new Float64Array(size);
  const moment2 = new Float64Array(size);
  let steps = 0;
  return {
    step(params, gradient) {
      steps++;
      const correction1 = 1 - BETA1 ** steps;
      const correction2 = Math.sqrt(1 - BETA2 ** steps);
      for (let k = 0; k < size; k++) {
        moment1[k] = BETA1 * moment1[k] + (1 - BETA1) * gradient[k];
        moment2[k] = BETA2 * moment2[k] + (1 - BETA2) * gradient[k] * gradient[k];
        params[k] -= (learningRate / correction1) * (moment1[k] / (Math.sqrt(moment2[k]) / correction2 + EPSILON));
      }
    },
  };
}
