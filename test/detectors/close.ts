import { expect } from "vitest";

/** The tolerances against scipy: statistics within 1e-9 relative, p-values within 1e-6 relative (both 1e-12 absolute). */
export const STATISTIC = { rel: 1e-9, abs: 1e-12 } as const;
export const P_VALUE = { rel: 1e-6, abs: 1e-12 } as const;

/**
 * Asserts |actual − expected| ≤ max(abs, rel·|expected|). NaN matches NaN and infinities must be
 * equal, so reference values that are NaN or ±Infinity in scipy can be compared too.
 */
export function expectClose(
  actual: number,
  expected: number,
  { rel, abs }: { rel: number; abs: number },
  what = "",
): void {
  if (Number.isNaN(expected) || !Number.isFinite(expected)) {
    expect(actual, what).toBe(expected);
    return;
  }
  const tolerance = Math.max(abs, rel * Math.abs(expected));
  const error = Math.abs(actual - expected);
  if (!(error <= tolerance)) {
    expect.fail(
      `${what ? `${what}: ` : ""}expected ${actual} to be within ${tolerance} of ${expected} (off by ${error})`,
    );
  }
}
