/**
 * Delimited text that spreadsheets and pandas read: CSV per RFC 4180 (comma, CRLF line ends, a
 * field holding the delimiter, a quote or a line break quoted with its quotes doubled) and TSV,
 * quoted by the same rule, which is what Excel and Google Sheets accept when TSV is pasted.
 *
 * Text that begins with = + - @ (or a tab or carriage return) is prefixed with a single quote,
 * so a spreadsheet shows it instead of running it as a formula (OWASP, "CSV Injection"): a
 * logged feature value `=HYPERLINK(...)` must stay text. Numbers are written as numbers, so a
 * negative number keeps its sign and no quote. Nulls are empty fields.
 */

export type DelimitedFormat = "csv" | "tsv";

/** A value as a table export carries it: dates already ISO 8601 text, nested values JSON text. */
export type ExportValue = string | number | boolean | null;

const DELIMITERS: Record<DelimitedFormat, string> = { csv: ",", tsv: "\t" };

/** Characters that make a spreadsheet read a cell as a formula (OWASP's list). */
const FORMULA_START = /^[=+\-@\t\r]/;

/** One field: a formula-like text prefixed with `'`, then quoted when it holds the delimiter, a quote or a line break. */
export function delimitedField(value: ExportValue, format: DelimitedFormat): string {
  if (value === null) return "";
  if (typeof value !== "string") return String(value);
  const text = FORMULA_START.test(value) ? `'${value}` : value;
  const needsQuotes = text.includes(DELIMITERS[format]) || /["\r\n]/.test(text);
  return needsQuotes ? `"${text.replaceAll('"', '""')}"` : text;
}

/** One record with its CRLF line end (RFC 4180 §2.1). */
export function delimitedRecord(values: readonly ExportValue[], format: DelimitedFormat): string {
  return values.map((value) => delimitedField(value, format)).join(DELIMITERS[format]) + "\r\n";
}

/** The media type of a format, with the header line declared (RFC 4180 §3, IANA text/tab-separated-values). */
export function delimitedMediaType(format: DelimitedFormat): string {
  return format === "csv" ? "text/csv; charset=utf-8; header=present" : "text/tab-separated-values; charset=utf-8";
}
