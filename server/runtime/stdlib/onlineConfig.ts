/**
 * What an `online()` call asks for, checked and reduced to data: the detector's kind, the
 * columns it watches, the state's name, the options passed to the detector, the reference as
 * rows of numbers, and the configuration key — a hash of all of them with the reference's
 * content, so a changed detector, option, column or reference starts a fresh state, and the
 * same configuration finds its calibrated detector again (issue 21, item 2).
 */
import { createHash } from "node:crypto";
import * as detectors from "../../../detectors/index.ts";
import type { TableInput, TableLike } from "../../../detectors/index.ts";

export type OnlineKind = detectors.online.OnlineKind;

const KINDS: readonly OnlineKind[] = ["mmd", "lsdd", "cvm", "fet"];
const STATE_NAME = /^[A-Za-z0-9_.-]{1,100}$/;
/** The options online() reads itself; every other option goes to the detector. */
const OWN_OPTIONS = ["column", "columns", "state", "reference"] as const;

export interface OnlineOptions extends Record<string, unknown> {
  column?: string;
  columns?: string[];
  state: string;
  /** The reference: a table or an array of row objects holding the columns. */
  reference: TableInput;
}

export interface OnlineConfig {
  kind: OnlineKind;
  columns: string[];
  state: string;
  reference: number[][];
  /** The options for the detector's constructor: `ert`, `windowSize(s)`, `nBootstraps`, `seed` … */
  detectorOptions: Record<string, unknown>;
  /** Hash of kind, columns, detector options and reference content. */
  key: string;
}

/** Checks an online() call's detector and options; errors name the argument that is wrong. */
export function onlineConfig(detector: unknown, options: OnlineOptions): OnlineConfig {
  const kind = kindOf(detector);
  if (typeof options !== "object" || options === null) throw new Error("online: options must be an object");
  const { column, columns: many, state, reference } = options;
  if (typeof state !== "string" || !STATE_NAME.test(state))
    throw new Error(`online: state must name the state (letters, digits, _ . -), got ${JSON.stringify(state)}`);
  const columns = column !== undefined ? [column] : many;
  if ((column !== undefined) === (many !== undefined) || !Array.isArray(columns) || columns.length === 0)
    throw new Error('online: give either column: "name" or columns: ["a", "b"]');
  for (const name of columns)
    if (typeof name !== "string" || !/^[A-Za-z_][A-Za-z0-9_]*$/.test(name))
      throw new Error(`online: column ${JSON.stringify(name)} is not a column name`);
  if (reference === undefined) throw new Error("online: options.reference is missing (a table or rows)");
  const rows = referenceRows(reference, columns);
  const detectorOptions = Object.fromEntries(
    Object.entries(options).filter(([name]) => !(OWN_OPTIONS as readonly string[]).includes(name)),
  );
  const key = createHash("sha256")
    .update(JSON.stringify({ kind, columns, options: sortedKeys(detectorOptions), reference: contentHash(rows) }))
    .digest("hex");
  return { kind, columns, state, reference: rows, detectorOptions, key };
}

/** The kind from a name (`"mmd"`) or from the constructor itself (`detectors.online.mmd`). */
function kindOf(detector: unknown): OnlineKind {
  if (typeof detector === "string" && (KINDS as readonly string[]).includes(detector)) return detector as OnlineKind;
  const constructors = detectors.online as unknown as Record<string, unknown>;
  const named = KINDS.find((kind) => constructors[kind] !== undefined && constructors[kind] === detector);
  if (named) return named;
  throw new Error(
    `online: detector must be one of ${KINDS.map((kind) => `"${kind}"`).join(", ")} or detectors.online.<kind>, got ${String(detector)}`,
  );
}

/** The reference's rows over `columns`, as numbers; a missing or non-numeric value names its row and column. */
function referenceRows(reference: TableInput, columns: string[]): number[][] {
  const table = columnReader(reference);
  const values = columns.map((name) => {
    if (!table.names.includes(name)) throw new Error(`online: the reference has no column ${JSON.stringify(name)}`);
    return table.column(name);
  });
  return Array.from({ length: table.numRows }, (_, row) =>
    values.map((column, i) => {
      const value = numeric(column[row]);
      if (value === undefined)
        throw new Error(`online: reference row ${row}, column ${columns[i]}: ${String(column[row])} is not a number`);
      return value;
    }),
  );
}

/** A cell's reference, an Arquero table (what `sql` returns) or an array of row objects, read a column at a time. */
function columnReader(reference: TableInput): {
  names: string[];
  numRows: number;
  column(name: string): ArrayLike<unknown>;
} {
  const table = reference as Partial<TableLike>;
  if (
    typeof table.columnNames === "function" &&
    typeof table.array === "function" &&
    typeof table.numRows === "function"
  ) {
    const like = reference as TableLike;
    return { names: like.columnNames(), numRows: like.numRows(), column: (name) => like.array(name) };
  }
  if (!Array.isArray(reference))
    throw new Error(
      `online: reference must be a table (what sql returns) or an array of row objects, got ${typeof reference}`,
    );
  const rows = reference as Record<string, unknown>[];
  const names = [...new Set(rows.flatMap((row) => (row !== null && typeof row === "object" ? Object.keys(row) : [])))];
  return { names, numRows: rows.length, column: (name) => rows.map((row) => row?.[name]) };
}

/** A stored value as a number: numbers, and booleans as 0/1 (the store keeps them so); undefined otherwise. */
export function numeric(value: unknown): number | undefined {
  if (typeof value === "boolean") return value ? 1 : 0;
  if (typeof value === "bigint") return Number(value);
  return typeof value === "number" && Number.isFinite(value) ? value : undefined;
}

function contentHash(rows: number[][]): string {
  const hash = createHash("sha256");
  for (const row of rows) hash.update(new Float64Array(row));
  return hash.digest("hex");
}

/** Options with their keys sorted at every depth, so `{a, b}` and `{b, a}` are one configuration. */
function sortedKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortedKeys);
  if (value === null || typeof value !== "object") return value;
  return Object.fromEntries(
    Object.keys(value)
      .sort()
      .map((key) => [key, sortedKeys((value as Record<string, unknown>)[key])]),
  );
}
