/** Number formatting shared by the output renderers, matching the server's static report. */

/** Up to four significant digits; tiny values in exponent form; missing as a dash. */
export function formatNumber(value: number | null): string {
  if (value === null) return "—";
  if (value !== 0 && Math.abs(value) < 1e-4) return value.toExponential(2);
  return String(Number(value.toPrecision(4)));
}

/** A count with thousands separators: 12,345. */
export function formatCount(count: number): string {
  return count.toLocaleString("en-US");
}

/** A value on one line, cut to 200 characters. */
export function compactJson(value: unknown): string {
  const text = JSON.stringify(value) ?? String(value);
  return text.length > 200 ? `${text.slice(0, 200)}…` : text;
}
