/**
 * A window's profile: its row count, one column profile per column (NumericProfile for numbers,
 * CategoricalProfile for text and booleans) and, once labels arrive, a LabelProfile. Profiles of
 * adjacent windows merge into the profile of their union, exactly for counts, sums and moments and
 * within the sketches' bounds for quantiles and frequent items (the design of whylogs' dataset
 * profiles, https://whylogs.readthedocs.io/en/latest/concepts.html, with a KLL rank bound).
 * `profileOf` builds one from raw columns, the reference the stored profiles are tested against.
 */

import { CATEGORICAL_PROFILE_TAG, CategoricalProfile, type CategoricalProfileJson } from "./categorical.ts";
import { LabelProfile, type LabelProfileJson } from "./labels.ts";
import { NUMERIC_PROFILE_TAG, NumericProfile, type NumericProfileJson } from "./numeric.ts";

export type ColumnProfile = NumericProfile | CategoricalProfile;
export type ColumnProfileJson = NumericProfileJson | CategoricalProfileJson;

export interface ProfileJson {
  rows: number;
  columns: Record<string, ColumnProfileJson>;
  labels?: LabelProfileJson;
}

/** A column profile from its `encode()`, of whichever type the blob holds. */
export function decodeColumnProfile(bytes: Uint8Array): ColumnProfile {
  switch (bytes[0]) {
    case NUMERIC_PROFILE_TAG:
      return NumericProfile.decode(bytes);
    case CATEGORICAL_PROFILE_TAG:
      return CategoricalProfile.decode(bytes);
    default:
      throw new Error(`decodeColumnProfile: not an encoded column profile (tag ${bytes[0]})`);
  }
}

export class Profile {
  rows = 0;
  columns = new Map<string, ColumnProfile>();
  labels: LabelProfile | null = null;

  /** The profile of one column; throws naming it and the columns there are. */
  column(name: string): ColumnProfile {
    const column = this.columns.get(name);
    if (column) return column;
    const names = [...this.columns.keys()].map((known) => JSON.stringify(known)).join(", ");
    throw new Error(`Profile.column: no column ${JSON.stringify(name)}; the profile has ${names || "no columns"}`);
  }

  /** Adds `other` (a disjoint set of rows) into this profile; `other` is left as it was. */
  merge(other: Profile): void {
    this.rows += other.rows;
    for (const [name, theirs] of other.columns) {
      const mine = this.columns.get(name);
      if (!mine) this.columns.set(name, decodeColumnProfile(theirs.encode()));
      else if (mine.type === "numeric" && theirs.type === "numeric") mine.merge(theirs);
      else if (mine.type === "categorical" && theirs.type === "categorical") mine.merge(theirs);
      else
        throw new Error(
          `Profile.merge: column ${JSON.stringify(name)} is ${mine.type} here but ${theirs.type} in the other profile`,
        );
    }
    if (other.labels) {
      if (this.labels) this.labels.merge(other.labels);
      else this.labels = LabelProfile.decode(other.labels.encode());
    }
  }

  toJSON(): ProfileJson {
    const columns = Object.fromEntries([...this.columns].map(([name, column]) => [name, column.toJSON()]));
    return { rows: this.rows, columns, ...(this.labels && { labels: this.labels.toJSON() }) };
  }
}

type Cell = number | string | boolean | null | undefined;

/**
 * The profile of raw columns (all of one length): numbers make a numeric column, strings and
 * booleans ("true"/"false") a categorical one, null and undefined count as missing (a column of
 * nothing else is numeric). Throws naming the column and row on NaN, ±Infinity or mixed kinds.
 */
export function profileOf(columns: Record<string, ArrayLike<Cell>>): Profile {
  const profile = new Profile();
  const entries = Object.entries(columns);
  profile.rows = entries.length === 0 ? 0 : entries[0][1].length;
  for (const [name, values] of entries) {
    if (values.length !== profile.rows) {
      throw new Error(
        `profileOf: column ${JSON.stringify(name)} has ${values.length} rows, ${JSON.stringify(entries[0][0])} has ${profile.rows}`,
      );
    }
    profile.columns.set(name, columnProfileOf(name, values));
  }
  return profile;
}

function columnProfileOf(name: string, values: ArrayLike<Cell>): ColumnProfile {
  const first = Array.prototype.find.call(values, (value: Cell) => value !== null && value !== undefined) as Cell;
  const numeric = first === undefined || typeof first === "number";
  const column = numeric ? new NumericProfile() : new CategoricalProfile();
  const where = (row: number) => `profileOf: column ${JSON.stringify(name)}, row ${row}`;
  for (let row = 0; row < values.length; row++) {
    const value = values[row];
    if (value === null || value === undefined) {
      column.addMissing();
    } else if (typeof value === "number" && column.type === "numeric") {
      if (Number.isNaN(value)) throw new Error(`${where(row)}: NaN is not a value (log a missing value as null)`);
      if (!Number.isFinite(value)) throw new Error(`${where(row)}: ${value} is not a finite number`);
      column.add(value);
    } else if ((typeof value === "string" || typeof value === "boolean") && column.type === "categorical") {
      column.add(String(value));
    } else {
      const kind = typeof value === "number" ? "a number" : `${typeof value} ${JSON.stringify(value)}`;
      throw new Error(`${where(row)}: ${kind} in a ${column.type} column (first value ${JSON.stringify(first)})`);
    }
  }
  return column;
}
