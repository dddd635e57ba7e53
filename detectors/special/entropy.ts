/** Pieces of scipy's entropy functions shared by the kl and jensenShannon distances. */

/** `scipy.special.rel_entr(x, y)`: x·ln(x/y) for x, y > 0; 0 for x = 0, y ≥ 0; Infinity otherwise. */
export function relativeEntropy(x: number, y: number): number {
  if (x > 0 && y > 0) return x * Math.log(x / y);
  if (x === 0 && y >= 0) return 0;
  return Infinity;
}

/** `p / sum(p)`, as scipy.stats.entropy and scipy.spatial.distance.jensenshannon renormalise their inputs. */
export function normalised(p: Float64Array): Float64Array {
  let total = 0;
  for (let i = 0; i < p.length; i++) total += p[i];
  const out = new Float64Array(p.length);
  for (let i = 0; i < p.length; i++) out[i] = p[i] / total;
  return out;
}
