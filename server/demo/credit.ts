/**
 * Demo data for model `credit`: a binary credit-default classifier over ten borrower features.
 * Pure and seeded — the same arguments give the same rows on every machine — so the demo,
 * its tests and the example workbook all see the same data.
 *
 * The score is a logistic model of the features; `prediction` is 1 (default) when the score
 * is at least 0.5, else 0 (repay); the label is drawn from the score, so the model is
 * calibrated and about 80% accurate. From day 5 of the history on (and in live rows), two
 * features drift: incomes fall by 40% in the south and west (by a quarter over all regions, as
 * those two are 61% of borrowers; the midwest and northeast keep theirs), and the loan purposes
 * shift towards small_business, medical and other everywhere. The other eight keep their
 * reference distribution, so drift per region differs: income drifts in two regions only.
 * The free-text `description` (description.ts) changes its wording from day 5 too; it is drawn
 * from a second random stream, so the ten features keep the values they had before it existed.
 */
import { loanDescription } from "./description.ts";
import { type DemoRandom, seededRandom } from "./random.ts";
import type { LoggedValue, PredictionInput } from "../ingest/types.ts";

export const CREDIT_MODEL = "credit";
export const DAY_MS = 86_400_000;
/** The day of the history (1-based) from which income and purpose are drawn drifted. */
export const DRIFT_START_DAY = 5;
/** Drifted incomes, in the regions below, are this fraction of what they would have been. */
const INCOME_DRIFT_FACTOR = 0.6;
/** The regions whose incomes drift. */
export const INCOME_DRIFT_REGIONS: readonly string[] = ["south", "west"];
/** Share of each loan purpose, before and after the drift. */
export const PURPOSE_MIX = {
  reference: {
    debt_consolidation: 0.45,
    credit_card: 0.2,
    home_improvement: 0.12,
    car: 0.1,
    small_business: 0.05,
    medical: 0.04,
    other: 0.04,
  },
  drifted: {
    debt_consolidation: 0.3,
    credit_card: 0.15,
    home_improvement: 0.08,
    car: 0.07,
    small_business: 0.18,
    medical: 0.1,
    other: 0.12,
  },
};
const HOME_OWNERSHIP = { mortgage: 0.45, rent: 0.4, own: 0.15 };
const REGION = { south: 0.38, west: 0.23, midwest: 0.21, northeast: 0.18 };

/** History labels arrive 6 to 30 hours after their prediction: older than a day is mostly labelled. */
const LABEL_DELAY_MIN_MS = 6 * 3_600_000;
const LABEL_DELAY_SPREAD_MS = 24 * 3_600_000;
/** Live labels arrive quickly, so a streaming demo shows them landing. */
export const LIVE_LABEL_DELAY_MS = 30_000;

/** Ground truth that becomes known at `availableAt` (epoch ms). Labels are 1 (defaulted) or 0. */
export interface DelayedLabel {
  id: string;
  label: number;
  availableAt: number;
}

/** Predictions logged without their labels, and the labels that follow them. */
export interface DemoBatch {
  rows: PredictionInput[];
  labels: DelayedLabel[];
}

/** Streams of one seed: the features and outcomes, and the descriptions. */
interface DemoStreams {
  rows: DemoRandom;
  text: DemoRandom;
}

/** The descriptions' stream is the rows' seed with its bits flipped: another mulberry32 sequence. */
function demoStreams(seed: number): DemoStreams {
  return { rows: seededRandom(seed), text: seededRandom(~seed) };
}

/** The reference set: `n` labelled rows from the undrifted distribution, without timestamps. */
export function referenceRows(n: number, seed: number): PredictionInput[] {
  const rng = demoStreams(seed);
  return Array.from({ length: n }, (_, i) => {
    const { row, label } = predictionRow(rng, i + 1, `credit-ref-${seed}-${i}`, undefined, false);
    return { ...row, label };
  });
}

export interface HistoryOptions {
  days?: number;
  perDay: number;
  /** Epoch ms at which the history ends; rows fall in the `days` days before it. */
  end: number;
  seed: number;
}

/** `days` × `perDay` predictions in time order, drifted from day DRIFT_START_DAY, with delayed labels. */
export function historyRows({ days = 7, perDay, end, seed }: HistoryOptions): DemoBatch {
  const rng = demoStreams(seed);
  const start = end - days * DAY_MS;
  const batch: DemoBatch = { rows: [], labels: [] };
  for (let day = 1; day <= days; day++) {
    const dayStart = start + (day - 1) * DAY_MS;
    const times = Array.from({ length: perDay }, () => dayStart + Math.floor(rng.rows.next() * DAY_MS)).sort(
      (a, b) => a - b,
    );
    for (const ts of times) {
      const n = batch.rows.length;
      const { row, label } = predictionRow(rng, n + 1, `credit-${seed}-${n}`, ts, day >= DRIFT_START_DAY);
      batch.rows.push(row);
      batch.labels.push({
        id: row.id!,
        label,
        availableAt: ts + LABEL_DELAY_MIN_MS + Math.floor(rng.rows.next() * LABEL_DELAY_SPREAD_MS),
      });
    }
  }
  return batch;
}

export interface LiveOptions {
  /** Epoch ms; the rows fall in the second before it. */
  now: number;
  seed: number;
  labelDelayMs?: number;
}

/**
 * `count` drifted predictions for streaming. Ids include `now`, so successive calls (and
 * successive runs of the stream with one seed) never collide.
 */
export function liveRows(count: number, { now, seed, labelDelayMs = LIVE_LABEL_DELAY_MS }: LiveOptions): DemoBatch {
  const rng = demoStreams(seed ^ now);
  const batch: DemoBatch = { rows: [], labels: [] };
  for (let i = 0; i < count; i++) {
    const ts = now - 1000 + Math.floor((i * 1000) / count);
    const { row, label } = predictionRow(rng, i + 1, `credit-live-${seed}-${now}-${i}`, ts, true);
    batch.rows.push(row);
    batch.labels.push({ id: row.id!, label, availableAt: ts + labelDelayMs });
  }
  return batch;
}

/** One borrower, the model's score and decision, and the outcome drawn from that score. */
function predictionRow(
  rng: DemoStreams,
  rowNumber: number,
  id: string,
  ts: number | undefined,
  drifted: boolean,
): { row: PredictionInput; label: number } {
  const features = borrower(rng.rows, drifted);
  const score = round(scoreOf(features), 4);
  const description = loanDescription(rng.text, features.purpose, features.loan_amount, drifted);
  const row: PredictionInput = {
    row: rowNumber,
    id,
    features: { ...features, description },
    prediction: score >= 0.5 ? 1 : 0,
    score,
  };
  if (ts !== undefined) row.ts = ts;
  return { row, label: rng.rows.next() < score ? 1 : 0 };
}

interface Borrower extends Record<string, LoggedValue> {
  age: number;
  income: number;
  debt_ratio: number;
  credit_lines: number;
  late_payments_12m: number;
  loan_amount: number;
  term: string;
  purpose: string;
  home_ownership: string;
  region: string;
}

function borrower(rng: DemoRandom, drifted: boolean): Borrower {
  const age = clamp(Math.round(40 + 11 * rng.normal()), 21, 75);
  const income = Math.exp(Math.log(55_000) + 0.008 * (age - 40) + 0.5 * rng.normal());
  const loanAmount = clamp(Math.round(Math.exp(Math.log(12_000) + 0.6 * rng.normal()) / 100) * 100, 1_000, 40_000);
  // Drawn in this order so that every seed gives the same borrowers as before incomes drifted by region.
  const rest = {
    debt_ratio: round(1 / (1 + Math.exp(1 - 0.8 * rng.normal())), 3),
    credit_lines: poisson(rng, 6),
    late_payments_12m: poisson(rng, 0.5),
    loan_amount: loanAmount,
    term: rng.next() < (loanAmount > 20_000 ? 0.55 : 0.2) ? "60m" : "36m",
    purpose: pick(rng, drifted ? PURPOSE_MIX.drifted : PURPOSE_MIX.reference),
    home_ownership: pick(rng, HOME_OWNERSHIP),
    region: pick(rng, REGION),
  };
  const factor = drifted && INCOME_DRIFT_REGIONS.includes(rest.region) ? INCOME_DRIFT_FACTOR : 1;
  return { age, income: clamp(Math.round((income * factor) / 100) * 100, 8_000, 500_000), ...rest };
}

const PURPOSE_RISK: Record<string, number> = {
  debt_consolidation: 0,
  credit_card: -0.2,
  home_improvement: -0.4,
  car: -0.5,
  small_business: 0.9,
  medical: 0.5,
  other: 0.3,
};
const HOME_RISK: Record<string, number> = { mortgage: -0.3, rent: 0.3, own: -0.1 };

/** The model: a logistic regression over the features, as a bank might fit one. */
function scoreOf(b: Borrower): number {
  const logit =
    -2.4 -
    2.4 * (Math.log(b.income) - Math.log(55_000)) +
    5 * (b.debt_ratio - 0.28) +
    1.2 * b.late_payments_12m +
    1.0 * (Math.log(b.loan_amount) - Math.log(12_000)) +
    0.7 * (b.term === "60m" ? 1 : 0) -
    0.03 * (b.age - 40) -
    0.06 * (b.credit_lines - 6) +
    PURPOSE_RISK[b.purpose] +
    HOME_RISK[b.home_ownership];
  return 1 / (1 + Math.exp(-logit));
}

/** A key of `weights` (shares summing to 1), drawn with those shares. */
function pick(rng: DemoRandom, weights: Record<string, number>): string {
  const u = rng.next();
  let cumulative = 0;
  const entries = Object.entries(weights);
  for (const [value, weight] of entries) {
    cumulative += weight;
    if (u < cumulative) return value;
  }
  return entries[entries.length - 1][0];
}

/** Knuth's Poisson sampler: fine for the small means used here. */
function poisson(rng: DemoRandom, mean: number): number {
  const limit = Math.exp(-mean);
  let k = 0;
  for (let p = rng.next(); p > limit; p *= rng.next()) k++;
  return k;
}

function clamp(x: number, low: number, high: number): number {
  return Math.min(high, Math.max(low, x));
}

function round(x: number, digits: number): number {
  const scale = 10 ** digits;
  return Math.round(x * scale) / scale;
}
