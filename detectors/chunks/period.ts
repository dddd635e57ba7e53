/**
 * UTC calendar periods for period-based chunking ("1d", "6h", "1w", "1mo"): which period a time
 * falls in, and where that period starts and ends. NannyML groups by pandas'
 * `Series.dt.to_period(offset)` (N:chunk.py PeriodBasedChunker); pandas' day, week and month periods
 * are calendar ones, which these match in UTC. Multiples ("6h", "2w") are counted from the Unix
 * epoch (weeks from Monday 1970-01-05, as pandas' "W" runs Monday to Sunday), so a period's bounds
 * do not depend on the first row — pandas' multiples start wherever its first value falls.
 */

/** A period as its start (epoch ms) and the start of the next one; a time's period number orders them. */
export interface PeriodUnit {
  /** The number of the period holding `ms` (periods are consecutive integers). */
  indexOf(ms: number): number;
  /** The first millisecond of period `index`. */
  startOf(index: number): number;
}

const FIXED_MS: Record<string, number> = { ms: 1, s: 1_000, min: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000 };
/** Monday 1970-01-05 00:00 UTC: the epoch's first week start, as pandas' weekly periods (W-SUN) begin on Mondays. */
const FIRST_MONDAY_MS = 4 * 86_400_000;
const PERIOD_PATTERN = /^(\d+)?\s*(ms|s|min|h|d|w|mo|y)$/;

/**
 * Parses a period such as "1d", "6h", "15min", "1w", "1mo" or "1y" (a count, default 1, and a unit:
 * ms, s, min, h, d, w, mo, y).
 * @throws naming `what` when the text is not a period
 */
export function parsePeriod(text: string, what: string): PeriodUnit {
  const match = typeof text === "string" ? PERIOD_PATTERN.exec(text.trim()) : null;
  const count = match ? Number(match[1] ?? 1) : 0;
  if (!match || !Number.isSafeInteger(count) || count < 1) {
    throw new Error(
      `${what}: period must be a count and a unit (ms, s, min, h, d, w, mo, y) such as "1d" or "6h", got ${JSON.stringify(text)}`,
    );
  }
  const unit = match[2];
  if (unit === "mo" || unit === "y") {
    const months = unit === "y" ? 12 * count : count;
    return {
      indexOf(ms) {
        const date = new Date(ms);
        return Math.floor(((date.getUTCFullYear() - 1970) * 12 + date.getUTCMonth()) / months);
      },
      startOf(index) {
        const month = index * months;
        return Date.UTC(1970 + Math.floor(month / 12), ((month % 12) + 12) % 12, 1);
      },
    };
  }
  const width = FIXED_MS[unit] * count;
  const origin = unit === "w" ? FIRST_MONDAY_MS : 0;
  return {
    indexOf: (ms) => Math.floor((ms - origin) / width),
    startOf: (index) => origin + index * width,
  };
}
