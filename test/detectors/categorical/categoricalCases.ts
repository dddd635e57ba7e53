import { expand, readFixture, weyl, type Stored } from "../fixtureData.ts";

/** {weyl: {start, count, scale}}: the category String(floor(u_i · scale)), as categorical.py writes it. */
export interface CategoryWeyl {
  start: number;
  count: number;
  scale: number;
}

export interface CategoricalCase<E> {
  name: string;
  reference: Stored<CategoryWeyl>;
  current: Stored<CategoryWeyl>;
  correction?: boolean;
  alpha?: number;
  alternative?: "two-sided" | "less" | "greater";
  positive?: string | number | boolean;
  expected: E;
}

export const categorical = readFixture<{
  chiSquare: CategoricalCase<{ statistic: number; pValue: number; dof: number; drift: boolean }>[];
  fisherExact: CategoricalCase<{ statistic: number; pValue: number; table: number[][]; drift: boolean }>[];
  zTest: CategoricalCase<{ statistic: number; pValue: number; drift: boolean }>[];
}>("categorical");

/** The reference and current samples of a case, rebuilt. */
export function samples(c: CategoricalCase<unknown>): [ArrayLike<unknown>, ArrayLike<unknown>] {
  const fromWeyl = ({ start, count, scale }: CategoryWeyl) =>
    Array.from(weyl(start, count), (u) => String(Math.floor(u * scale)));
  return [expand(c.reference, fromWeyl), expand(c.current, fromWeyl)];
}
