import { expand, readFixture, weyl, type Stored } from "../fixtureData.ts";

/** {weyl: {start, count, scale, offset?, floor?}}: u_i · scale + offset, floored when asked, as distance.py writes it. */
export interface NumberWeyl {
  start: number;
  count: number;
  scale: number;
  offset?: number;
  floor?: boolean;
}

export interface DistanceCase {
  name: string;
  reference: Stored<NumberWeyl>;
  current: Stored<NumberWeyl>;
  type?: "numeric" | "categorical";
  tvd?: boolean;
  expected: {
    type: "numeric" | "categorical";
    integer: boolean;
    psi: number;
    /** psi ≥ 0.1, decided in distance.py on its own statistic (Evidently's default threshold). */
    psiDrift: boolean;
    kl: number;
    jensenShannon: number;
    hellinger: number;
    edges: number[] | null;
    hellingerEdges: number[] | null;
    dropped: { reference: number; current: number };
    tvd?: number;
    tvdPValue?: number;
    tvdDropped?: { reference: number; current: number };
  };
}

export const distanceCases = readFixture<DistanceCase[]>("distance");

/** The reference and current samples of a case, rebuilt. */
export function samples(c: DistanceCase): [ArrayLike<unknown>, ArrayLike<unknown>] {
  const fromWeyl = ({ start, count, scale, offset = 0, floor = false }: NumberWeyl) =>
    weyl(start, count).map((u) => (floor ? Math.floor(u * scale + offset) : u * scale + offset));
  return [expand(c.reference, fromWeyl), expand(c.current, fromWeyl)];
}
