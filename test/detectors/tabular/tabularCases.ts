import type { TableLike } from "../../../detectors/types.ts";
import { expand, readFixture, weyl, type Stored } from "../fixtureData.ts";

/** {weyl: {start, count, scale?, offset?, floor?, labels?}}, as tabular.py writes it. */
export interface ColumnWeyl {
  start: number;
  count: number;
  scale?: number;
  offset?: number;
  floor?: boolean;
  labels?: string[];
}

export interface ExpectedFeature {
  feature: string;
  type: string;
  method: string;
  statistic?: number;
  pValue?: number;
  threshold?: number;
  drift: boolean;
  dropped: { reference: number; current: number };
}

export interface TabularCase {
  name: string;
  reference: string;
  current: string;
  options?: Record<string, unknown>;
  expected: {
    drift: boolean;
    share: number;
    driftedCount: number;
    testedCount: number;
    correction?: { drift: boolean; threshold: number | number[]; flags: boolean[] } | null;
    features: ExpectedFeature[];
  };
}

const fixture = readFixture<{ tables: Record<string, Record<string, Stored<ColumnWeyl>>>; cases: TabularCase[] }>(
  "tabular",
);
export const tabularCases = fixture.cases;

const fromWeyl = ({ start, count, scale = 1, offset = 0, floor = false, labels }: ColumnWeyl): ArrayLike<unknown> => {
  const u = weyl(start, count);
  if (labels) return Array.from(u, (v) => labels[Math.floor(v * labels.length)]);
  return u.map((v) => (floor ? Math.floor(v * scale + offset) : v * scale + offset));
};

/** A stored table's columns, rebuilt. */
export function tableColumns(name: string): Record<string, ArrayLike<unknown>> {
  return Object.fromEntries(
    Object.entries(fixture.tables[name]).map(([column, stored]) => [column, expand(stored, fromWeyl)]),
  );
}

/** The smallest TableLike: columns by name. */
export function tableLike(columns: Record<string, ArrayLike<unknown>>): TableLike {
  const names = Object.keys(columns);
  return {
    columnNames: () => names,
    array: (name) => columns[name],
    numRows: () => (names.length ? columns[names[0]].length : 0),
  };
}

/** The same table as an array of plain objects, one per row. */
export function rowsOf(columns: Record<string, ArrayLike<unknown>>): Record<string, unknown>[] {
  const names = Object.keys(columns);
  const n = names.length ? columns[names[0]].length : 0;
  return Array.from({ length: n }, (_, i) => Object.fromEntries(names.map((name) => [name, columns[name][i]])));
}
