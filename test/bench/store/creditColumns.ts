/**
 * A fast generator of credit-like predictions for the profile benches (profileWindow.bench.ts):
 * rows go straight into a column batch (typed columns, server/ingest/columnBatch.ts), the shape
 * the store's insert takes, so millions of rows are written without a row object each. Ten
 * features like the demo's (server/demo/credit.ts: six numeric, four categorical) plus
 * `prediction` and `score`; from `driftFrom` on, incomes in the south and west fall by 40 % and
 * loan purposes shift, as in the demo. Seeded (the demo's mulberry32), so a seed gives one table.
 */
import type { ColumnBatch, NumberColumn, TextColumn } from "../../../server/ingest/columnBatch.ts";
import { PURPOSE_MIX } from "../../../server/demo/credit.ts";
import type { DemoRandom } from "../../../server/demo/random.ts";

export const NUMERIC_FEATURES = ["age", "income", "debt_ratio", "credit_lines", "late_payments_12m", "loan_amount"];
export const CATEGORICAL_FEATURES = ["term", "purpose", "home_ownership", "region"];
export const FEATURES = [...NUMERIC_FEATURES, ...CATEGORICAL_FEATURES];

/** A categorical draw: its values and their cumulative shares. */
interface Choice {
  values: string[];
  cumulative: Float64Array;
}

function choice(shares: Record<string, number>): Choice {
  const values = Object.keys(shares);
  let sum = 0;
  return { values, cumulative: Float64Array.from(values, (value) => (sum += shares[value])) };
}

function draw(rng: DemoRandom, { values, cumulative }: Choice): string {
  const u = rng.next() * cumulative[cumulative.length - 1];
  let i = 0;
  while (i < values.length - 1 && u >= cumulative[i]) i++;
  return values[i];
}

/** Poisson by inversion of its CDF: one uniform a draw. */
function poissonDraw(rng: DemoRandom, mean: number): number {
  const u = rng.next();
  let k = 0;
  let p = Math.exp(-mean);
  let cdf = p;
  while (u > cdf && k < 100) {
    k++;
    p *= mean / k;
    cdf += p;
  }
  return k;
}

const REFERENCE_PURPOSES = choice(PURPOSE_MIX.reference);
const DRIFTED_PURPOSES = choice(PURPOSE_MIX.drifted);
const HOMES = choice({ mortgage: 0.45, rent: 0.4, own: 0.15 });
const REGIONS = choice({ south: 0.38, west: 0.23, midwest: 0.21, northeast: 0.18 });
const PURPOSE_RISK: Record<string, number> = { small_business: 0.9, medical: 0.5, other: 0.3, car: -0.5 };

export interface Rows {
  /** Rows in this batch. */
  length: number;
  /** Global index of the first row: ids are `p` + the index, zero-padded, so they sort in insertion order. */
  first: number;
  /** Each row's time (epoch ms); omitted for a reference set. */
  ts?: (index: number) => number;
  /** Whether incomes and purposes are drawn drifted. */
  drifted: boolean;
  rng: DemoRandom;
}

/** A column batch of `length` generated rows. */
export function creditBatch({ length, first, ts, drifted, rng }: Rows): ColumnBatch {
  const numbers = (name: string): NumberColumn => ({
    kind: "number",
    name,
    first: 0,
    values: new Float64Array(length),
    nulls: new Uint8Array(length),
  });
  const texts = (name: string): TextColumn => ({ kind: "text", name, first: 0, values: new Array(length) });
  const [age, income, debt, lines, late, loan, prediction, score] = [...NUMERIC_FEATURES, "prediction", "score"].map(
    numbers,
  );
  const [term, purpose, home, region] = CATEGORICAL_FEATURES.map(texts);
  const ids = new Array<string>(length);
  const times = new Float64Array(length).fill(NaN);
  const purposes = drifted ? DRIFTED_PURPOSES : REFERENCE_PURPOSES;
  for (let i = 0; i < length; i++) {
    ids[i] = `p${String(first + i).padStart(10, "0")}`;
    if (ts) times[i] = ts(i);
    const years = Math.min(75, Math.max(21, Math.round(40 + 11 * rng.normal())));
    const where = draw(rng, REGIONS);
    const factor = drifted && (where === "south" || where === "west") ? 0.6 : 1;
    const earned = Math.round((Math.exp(Math.log(55_000) + 0.008 * (years - 40) + 0.5 * rng.normal()) * factor) / 100);
    const amount = Math.min(400, Math.max(10, Math.round(Math.exp(Math.log(120) + 0.6 * rng.normal())))) * 100;
    const ratio = Math.round(1000 / (1 + Math.exp(1 - 0.8 * rng.normal()))) / 1000;
    const why = draw(rng, purposes);
    const owns = draw(rng, HOMES);
    const arrears = poissonDraw(rng, 0.5);
    age.values[i] = years;
    income.values[i] = Math.min(500_000, Math.max(8_000, earned * 100));
    debt.values[i] = ratio;
    lines.values[i] = poissonDraw(rng, 6);
    late.values[i] = arrears;
    loan.values[i] = amount;
    term.values[i] = rng.next() < (amount > 20_000 ? 0.55 : 0.2) ? "60m" : "36m";
    purpose.values[i] = why;
    home.values[i] = owns;
    region.values[i] = where;
    const logit =
      -2.4 -
      2.4 * Math.log(income.values[i] / 55_000) +
      5 * (ratio - 0.28) +
      1.2 * arrears +
      Math.log(amount / 12_000) +
      (PURPOSE_RISK[why] ?? 0) +
      (owns === "rent" ? 0.3 : -0.2);
    score.values[i] = Math.round(10_000 / (1 + Math.exp(-logit))) / 10_000;
    prediction.values[i] = score.values[i] >= 0.5 ? 1 : 0;
  }
  return {
    length,
    rows: Int32Array.from({ length }, (_, i) => i + 1),
    ids,
    ts: times,
    columns: [age, income, debt, lines, late, loan, term, purpose, home, region, prediction, score],
  };
}
