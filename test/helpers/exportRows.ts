/**
 * Rows for the download tests (routes/exports and the end-to-end test): more than a table
 * output carries, with text a spreadsheet would run, quotes, commas, line breaks and nulls, and
 * the CSV they must download as, written here by hand from RFC 4180 and the formula rule.
 */

export interface ExportRow {
  id: string;
  x: number;
  note: string | null;
}

/**
 * More rows than a table output carries (TABLE_ROW_LIMIT), so only an export has them all, and
 * more than one page the server reads at a time (EXPORT_PAGE_ROWS), so a download joins pages.
 */
export const EXPORT_ROWS = 6_100;

/** The query the workbooks run: `x = i`, so `order by x` is the log order. */
export const EXPORT_QUERY = "select id, x, note from m order by x";

function note(i: number): string | null {
  return [`plain ${i}`, "=SUM(A1:A9)", 'a,b "c"', "line\nbreak", "-5", "@cmd", null][i % 7]!;
}

/** Rows `from`..`to`. */
export function exportRows(from: number, to: number): ExportRow[] {
  return Array.from({ length: to - from }, (_, k) => ({ id: `p${from + k}`, x: from + k, note: note(from + k) }));
}

/** The rows as the ingest API takes them, NDJSON. */
export function exportRowsNdjson(rows: ExportRow[]): string {
  return rows.map(({ id, x, note }) => JSON.stringify({ id, features: { x, note }, prediction: 0 })).join("\n");
}

/** The download of those rows: a header, RFC 4180 quoting, `'` before formula-like text, nulls empty, CRLF. */
export function expectedDelimited(rows: ExportRow[], delimiter = ","): string {
  const field = (value: string | null) => {
    if (value === null) return "";
    const text = /^[=+\-@]/.test(value) ? `'${value}` : value;
    return text.includes(delimiter) || /["\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
  };
  const lines = [["id", "x", "note"], ...rows.map((row) => [row.id, String(row.x), row.note])];
  return lines.map((line) => line.map(field).join(delimiter) + "\r\n").join("");
}
