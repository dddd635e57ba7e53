/**
 * Generated samples and their column profiles, for the tests that compare a detector on profiles
 * with the same detector on the raw values.
 */
import { profileOf, type ColumnProfile } from "../../detectors/profiles/profile.ts";
import { seededRng } from "../../detectors/random/rng.ts";

/** n normal values with the given mean and standard deviation. */
export function normals(seed: number, n: number, mean = 0, sd = 1): number[] {
  const rng = seededRng(seed);
  return Array.from({ length: n }, () => mean + sd * rng.normal());
}

/** n lognormal values (e^N(0, 1)) scaled by `scale`. */
export function lognormals(seed: number, n: number, scale = 1): number[] {
  return normals(seed, n).map((x) => scale * Math.exp(x));
}

/** n whole numbers in [0, levels), uniform, moved up by `shift`. */
export function integers(seed: number, n: number, levels: number, shift = 0): number[] {
  const rng = seededRng(seed);
  return Array.from({ length: n }, () => rng.int(levels) + shift);
}

/** n draws from `names` with the given weights (default equal). */
export function draws(seed: number, n: number, names: string[], weights = names.map(() => 1)): string[] {
  const rng = seededRng(seed);
  const total = weights.reduce((a, b) => a + b, 0);
  return Array.from({ length: n }, () => {
    let u = rng.next() * total;
    for (let i = 0; i < names.length; i++) if ((u -= weights[i]) < 0) return names[i];
    return names[names.length - 1];
  });
}

/** The profile of one column of values (null for missing). */
export function profile(values: ArrayLike<number | string | boolean | null>): ColumnProfile {
  return profileOf({ x: values }).column("x");
}
