import * as aq from "arquero";
import { describe, expect, it } from "vitest";
import { seededRng } from "../../../detectors/random/rng.ts";
import { mmd } from "../../../detectors/multivariate/mmd.ts";
import { expectClose, P_VALUE, STATISTIC } from "../close.ts";
import { expectCalibrated, flaggedShare, inputs, multivariate, normalRows } from "./multivariateCases.ts";

describe("mmd against a numpy port of Alibi Detect's MMDDrift", () => {
  for (const c of multivariate.mmd) {
    it(c.name, () => {
      const { reference, current } = inputs(c);
      const result = mmd(reference, current, c.options);
      expect(result.method).toBe("mmd");
      expectClose(result.statistic, c.expected.statistic, STATISTIC, "statistic");
      expect(result.sigma.length).toBe(c.expected.sigma.length);
      result.sigma.forEach((s, i) => expectClose(s, c.expected.sigma[i], STATISTIC, "sigma"));
      expectClose(result.pValue!, c.expected.pValue, P_VALUE, "pValue");
      expectClose(result.distanceThreshold, c.expected.distanceThreshold, STATISTIC, "distanceThreshold");
      expect(result.drift).toBe(c.expected.drift);
      expect(result.threshold).toBe((c.options.alpha as number | undefined) ?? 0.05);
      expect(result.dropped).toEqual(c.expected.dropped);
    });
  }

  it("matches the numpy port of MMDDrift on the worked example (σ 0.7071067811865476, MMD² 0.32133711090752476)", () => {
    const result = mmd(
      [
        [0, 0],
        [1, 0],
        [0, 1],
        [1, 1],
        [0.5, 0.5],
      ],
      [
        [1, 1],
        [2, 1],
        [1, 2],
        [2, 2],
      ],
    );
    expectClose(result.sigma[0], 0.7071067811865476, STATISTIC);
    expectClose(result.statistic, 0.32133711090752476, STATISTIC);
  });
});

describe("mmd inputs", () => {
  const reference = [
    [0, 0],
    [1, 0],
    [0, 1],
    [1, 1],
    [0.5, 0.5],
  ];
  const current = [
    [1, 1],
    [2, 1],
    [1, 2],
    [2, 2],
  ];

  it("reads objects, tables and plain numbers like arrays", () => {
    const expected = mmd(reference, current);
    const objects = (rows: number[][]) => rows.map(([a, b]) => ({ b, a, ignored: "x" }));
    expect(mmd(objects(reference), objects(current), { features: ["a", "b"] })).toEqual(expected);
    const table = (rows: number[][]) => ({
      columnNames: () => ["a", "b"],
      array: (name: string) => rows.map((r) => r[name === "a" ? 0 : 1]),
      numRows: () => rows.length,
    });
    expect(mmd(table(reference), table(current))).toEqual(expected);
    const arquero = (rows: number[][]) =>
      aq.table({ a: rows.map((r) => r[0]), b: rows.map((r) => r[1]), label: rows.map(() => "x") });
    expect(mmd(arquero(reference), arquero(current), { features: ["a", "b"] })).toEqual(expected);
    expect(() => mmd(arquero(reference), arquero(current))).toThrow(
      /^mmd: reference has no rows with finite numbers in every column .*choose numeric columns with the features option/,
    );
    expect(mmd([1, 2, 3, null, 4], [2, 3, 4, 5]).dropped).toEqual({ reference: 1, current: 0 });
    expect(mmd([1, 2, 3, 4], [2, 3, 4, 5]).statistic).toBe(mmd([[1], [2], [3], [4]], [[2], [3], [4], [5]]).statistic);
  });

  it("does not modify its inputs and repeats exactly for a seed", () => {
    const ref = Object.freeze(reference.map((r) => Object.freeze([...r])));
    const first = mmd(ref, current, { seed: 4 });
    expect(mmd(ref, current, { seed: 4 })).toEqual(first);
  });

  it("throws on too few rows, mismatched rows and bad options", () => {
    expect(() => mmd([[1, 2]], current)).toThrow(
      /^mmd: needs at least 2 complete rows on each side \(reference 1, current 4\)/,
    );
    expect(() =>
      mmd(
        [
          [1, NaN],
          [2, 3],
        ],
        current,
      ),
    ).toThrow(/^mmd: needs at least 2/);
    expect(() => mmd([[NaN, 1]], current)).toThrow(/^mmd: reference has no rows with finite numbers/);
    expect(() => mmd([], current)).toThrow(/^mmd: reference has no rows/);
    expect(() =>
      mmd(reference, [
        [1, 2, 3],
        [4, 5, 6],
      ]),
    ).toThrow(/^mmd: current row 0 has 3 values, expected 2/);
    expect(() => mmd(reference, [{ a: 1 }, { a: 2 }])).toThrow(
      /^mmd: reference and current rows are of different kinds/,
    );
    expect(() => mmd([{ a: 1 }, { a: 2 }], [{ b: 1 }, { b: 2 }])).toThrow(
      /^mmd: current has no rows with finite numbers/,
    );
    expect(() => mmd(reference, current, { permutations: 0 })).toThrow(/^mmd: permutations must be an integer ≥ 1/);
    expect(() => mmd(reference, current, { alpha: 1 })).toThrow(/^mmd: alpha must be between 0 and 1/);
    expect(() => mmd(reference, current, { sigma: [] })).toThrow(/^mmd: sigma must be a positive number/);
    expect(() => mmd(reference, current, { sigma: -1 })).toThrow(/^mmd: sigma must be a positive number/);
  });
});

describe("mmd calibration (500 seeded trials, 40 + 40 rows in 3 dimensions, 100 permutations)", () => {
  it("flags drift at the nominal rate when there is none", () => {
    const share = flaggedShare(500, (trial) => {
      const rng = seededRng(1000 + trial);
      return mmd(normalRows(rng, 40, 3), normalRows(rng, 40, 3), { seed: trial });
    });
    expectCalibrated("mmd", share, 500);
  });

  it("flags a clear shift", () => {
    const share = flaggedShare(50, (trial) => {
      const rng = seededRng(5000 + trial);
      return mmd(normalRows(rng, 40, 3), normalRows(rng, 40, 3, 1.5), { seed: trial });
    });
    expect(share).toBe(1);
  });
});
