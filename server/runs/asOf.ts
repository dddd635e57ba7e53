/**
 * The moment an as-of run reads the data as of (issue 19), as `driftbook run --as-of` and run-now's
 * `asOf` give it: ISO 8601 text with a zone (`2026-11-20T12:00Z`, `…+01:00`), so the moment never
 * depends on the machine's zone, or epoch milliseconds; not in the future, whose data is not there yet.
 */
import { epochOfIso, isIsoDate } from "../ingest/batchReader.ts";

/** Ends in `Z` or an offset (`+01:00`, `-0500`, `+01`). */
const ZONE = /(?:z|[+-]\d{2}(?::?\d{2})?)$/i;

/** A time whose text or value names it; thrown with `option` (`--as-of`, `asOf`) in front so callers name their field. */
export class AsOfError extends Error {}

/** Epoch ms of `value`, or an AsOfError whose message starts with `option`. */
export function asOfTime(value: unknown, option: string, now: number = Date.now()): number {
  const at = momentOf(value);
  if (at === undefined)
    throw new AsOfError(
      `${option}: ${JSON.stringify(value)} is neither an ISO time with a zone (2026-11-20T12:00Z, 2026-11-20T13:00+01:00) nor epoch milliseconds`,
    );
  if (at > now)
    throw new AsOfError(
      `${option}: ${new Date(at).toISOString()} is in the future (now is ${new Date(now).toISOString()}); an as-of run reads the data as it was`,
    );
  return at;
}

/** Epoch ms of an ISO time with a zone or of epoch milliseconds (a number or digits), or undefined. */
export function momentOf(value: unknown): number | undefined {
  if (typeof value === "number") return Number.isSafeInteger(value) && value >= 0 ? value : undefined;
  if (typeof value !== "string") return undefined;
  const text = value.trim();
  if (/^\d+$/.test(text)) return momentOf(Number(text));
  if (text.length <= 10 || !isIsoDate(text) || !ZONE.test(text.slice(10))) return undefined;
  const at = epochOfIso(text);
  return Number.isNaN(at) ? undefined : at;
}
