/**
 * How every viewer shows one value of a table: numbers rounded by their magnitude (the full value
 * kept for a tooltip), and instants as dates. Pure text, shared by the browser's table
 * (client/outputs/table.ts) and the static report (server/render/outputs.ts), as outputText.ts is.
 */
import type { TableColumn } from "./outputs.ts";

/** A table cell's text, and the exact value when the text rounds it (for a `title`). */
export interface ValueText {
  text: string;
  full?: string;
}

const SIGNIFICANT = new Intl.NumberFormat("en-US", { maximumSignificantDigits: 4 });
const WHOLE = new Intl.NumberFormat("en-US", { maximumFractionDigits: 0 });

/**
 * A number by its magnitude: integers whole with separators (12,345); tiny and huge values in
 * exponent form (1.23e-7, 4.56e+18); others to four significant digits (0.1235, 12.35), and
 * from 10,000 up to the unit (123,457). `full` is the value as JavaScript writes it when the text
 * rounds it (separators alone do not).
 */
export function numberText(value: number): ValueText {
  const magnitude = Math.abs(value);
  const text =
    magnitude !== 0 && (magnitude < 1e-4 || magnitude >= 1e15)
      ? value.toExponential(2)
      : Number.isInteger(value) || magnitude >= 1e4
        ? WHOLE.format(value)
        : SIGNIFICANT.format(value);
  return Number(text.replaceAll(",", "")) === value ? { text } : { text, full: String(value) };
}

/** How a cell's value reads: as a number, a date, or plain text (which the caller may inspect further). */
export interface CellText extends ValueText {
  kind: "number" | "date" | "text";
}

/**
 * A scalar table value as viewers show it: numbers by magnitude; instants (a Date the server
 * wrote as ISO text, or epoch milliseconds in a time column: `ts`, `*_ts`, `*_at`, the logging
 * convention's names) as dates in `timeZone`; anything else as it is.
 */
export function cellText(
  value: string | number | boolean,
  column: TableColumn | undefined,
  timeZone?: string,
): CellText {
  if (typeof value === "number" && column && isEpochColumn(column) && Number.isInteger(value)) {
    const { text, full } = instantText(new Date(value).toISOString(), timeZone);
    return { kind: "date", text, full: `${value} (${full})` };
  }
  if (typeof value === "number") return { kind: "number", ...numberText(value) };
  if (typeof value === "string" && isInstantText(value)) return { kind: "date", ...instantText(value, timeZone) };
  return { kind: "text", text: String(value) };
}

/** A number column holding epoch milliseconds, by the logging convention's names. */
const TIME_COLUMN = /^(ts|.*_ts|.*_at)$/i;

function isEpochColumn(column: TableColumn): boolean {
  return column.type === "number" && TIME_COLUMN.test(column.name);
}

/** An instant as the server writes it (`Date#toISOString`). */
const ISO_INSTANT = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d{1,3})?Z$/;

/** Whether a string is an instant the server wrote (a Date cell of a table). */
export function isInstantText(value: string): boolean {
  return ISO_INSTANT.test(value) && !Number.isNaN(Date.parse(value));
}

/**
 * An instant as a date in `timeZone` (the viewer's by default): midnight UTC is a day and reads
 * as that day (`2026-03-01`, in every zone, as Observable's inspector shows it); other instants
 * read as the local date and time to the minute (seconds when they have some), with the zone's
 * short name. `full` is the ISO text.
 */
export function instantText(iso: string, timeZone?: string): ValueText {
  if (iso.endsWith("T00:00:00.000Z") || iso.endsWith("T00:00:00Z")) return { text: iso.slice(0, 10), full: iso };
  const date = new Date(iso);
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat("en-US", {
      timeZone,
      year: "numeric",
      month: "2-digit",
      day: "2-digit",
      hour: "2-digit",
      minute: "2-digit",
      second: "2-digit",
      hourCycle: "h23",
      timeZoneName: "short",
    })
      .formatToParts(date)
      .map((part) => [part.type, part.value]),
  );
  const seconds = date.getUTCSeconds() || date.getUTCMilliseconds() ? `:${parts.second}` : "";
  return {
    text: `${parts.year}-${parts.month}-${parts.day} ${parts.hour}:${parts.minute}${seconds} ${parts.timeZoneName}`,
    full: iso,
  };
}
