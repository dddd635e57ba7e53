/** Checks a significance level: a number strictly between 0 and 1. */
export function checkAlpha(alpha: number, fn: string): number {
  if (!(alpha > 0 && alpha < 1)) throw new Error(`${fn}: alpha must be between 0 and 1 (exclusive), got ${alpha}`);
  return alpha;
}

/** Checks a count option (permutations, folds, rounds …): an integer ≥ `min`. */
export function checkCount(value: number, name: string, min: number, fn: string): number {
  if (!Number.isInteger(value) || value < min)
    throw new Error(`${fn}: ${name} must be an integer ≥ ${min}, got ${value}`);
  return value;
}
