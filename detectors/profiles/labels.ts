/**
 * Realized performance over a window, updated as labels arrive (any time after the prediction):
 * for classification, confusion counts (predicted × actual) and, per actual class, a histogram of
 * the logged score on SCORE_BINS fixed bins over [0, 1], from which ROC AUC and score-based
 * performance estimates can be computed (Fawcett, "An introduction to ROC analysis", 2006, §5:
 * an ROC curve is the cumulative score counts of the two classes); for regression, the sums behind
 * MSE, MAE, mean error and R² (Σe, Σe², Σ|e|, Σy, Σy² with e = prediction − label).
 * `remove` takes a row's old label out before its new one is added, so a changed label never
 * counts twice.
 */

import { ByteReader, ByteWriter } from "../sketches/bytes.ts";

/** Bins of a score histogram: bin i holds scores in [i/1000, (i+1)/1000), the last one 1 too. */
export const SCORE_BINS = 1000;

export type LabelTask = "classification" | "regression";
/** A class or a regression value; booleans are classes "true" and "false". */
type Label = string | number | boolean;

export type LabelProfileJson =
  | {
      task: "classification";
      count: number;
      confusion: Record<string, Record<string, number>>;
      scoreHistograms: Record<string, number[]>;
    }
  | {
      task: "regression";
      count: number;
      sumError: number;
      sumSquaredError: number;
      sumAbsoluteError: number;
      sumLabel: number;
      sumLabelSquared: number;
    };

const LABEL_PROFILE_TAG = 0x4c; // "L"
const ENCODING_VERSION = 1;
const REGRESSION_SUMS = ["sumError", "sumSquaredError", "sumAbsoluteError", "sumLabel", "sumLabelSquared"] as const;

export class LabelProfile {
  /** Labelled rows. */
  count = 0;
  /** confusion.get(predicted)?.get(actual): rows with that prediction and label. */
  confusion = new Map<string, Map<string, number>>();
  /** actual class → counts of its rows' scores per bin. */
  scoreHistograms = new Map<string, Float64Array>();
  sumError = 0;
  sumSquaredError = 0;
  sumAbsoluteError = 0;
  sumLabel = 0;
  sumLabelSquared = 0;

  constructor(readonly task: LabelTask) {
    if (task !== "classification" && task !== "regression") {
      throw new Error(`LabelProfile: task must be "classification" or "regression", got ${String(task)}`);
    }
  }

  add(prediction: Label, label: Label, score?: number | null): void {
    this.apply(prediction, label, score, 1, "LabelProfile.add");
  }

  /** Takes out a row added before (its old label); throws if no such row was counted. */
  remove(prediction: Label, label: Label, score?: number | null): void {
    this.apply(prediction, label, score, -1, "LabelProfile.remove");
  }

  merge(other: LabelProfile): void {
    if (other.task !== this.task) {
      throw new Error(`LabelProfile.merge: cannot merge a ${other.task} profile into a ${this.task} one`);
    }
    this.count += other.count;
    for (const [predicted, row] of other.confusion) {
      for (const [actual, count] of row) this.addConfusion(predicted, actual, count);
    }
    for (const [actual, bins] of other.scoreHistograms) {
      const mine = this.histogram(actual);
      for (let i = 0; i < SCORE_BINS; i++) mine[i] += bins[i];
    }
    for (const sum of REGRESSION_SUMS) this[sum] += other[sum];
  }

  toJSON(): LabelProfileJson {
    if (this.task === "regression") {
      return {
        task: "regression",
        count: this.count,
        ...Object.fromEntries(REGRESSION_SUMS.map((s) => [s, this[s]])),
      } as LabelProfileJson;
    }
    const confusion = Object.fromEntries(
      [...this.confusion].map(([predicted, row]) => [predicted, Object.fromEntries(row)]),
    );
    const scoreHistograms = Object.fromEntries([...this.scoreHistograms].map(([actual, bins]) => [actual, [...bins]]));
    return { task: "classification", count: this.count, confusion, scoreHistograms };
  }

  /**
   * Layout: tag, version, task (0 classification, 1 regression), count, the regression sums, the
   * confusion cells as (predicted, actual, count), each histogram as its class and nonzero (bin, count) pairs.
   */
  encode(): Uint8Array {
    const writer = new ByteWriter(LABEL_PROFILE_TAG, ENCODING_VERSION);
    writer.uint8(this.task === "classification" ? 0 : 1);
    writer.float64(this.count);
    for (const sum of REGRESSION_SUMS) writer.float64(this[sum]);
    const cells = [...this.confusion].flatMap(([predicted, row]) =>
      [...row].map(([actual, count]) => ({ predicted, actual, count })),
    );
    writer.uint32(cells.length);
    for (const { predicted, actual, count } of cells) {
      writer.string(predicted);
      writer.string(actual);
      writer.float64(count);
    }
    writer.uint32(this.scoreHistograms.size);
    for (const [actual, bins] of this.scoreHistograms) {
      writer.string(actual);
      const nonzero = bins.reduce((sum, count) => sum + (count === 0 ? 0 : 1), 0);
      writer.uint32(nonzero);
      bins.forEach((count, bin) => {
        if (count === 0) return;
        writer.uint32(bin);
        writer.float64(count);
      });
    }
    return writer.finish();
  }

  static decode(bytes: Uint8Array): LabelProfile {
    const reader = new ByteReader(bytes, "LabelProfile.decode", LABEL_PROFILE_TAG, ENCODING_VERSION);
    const task = reader.uint8();
    if (task > 1) reader.fail(`unknown task ${task}`);
    const profile = new LabelProfile(task === 0 ? "classification" : "regression");
    profile.count = reader.float64();
    for (const sum of REGRESSION_SUMS) profile[sum] = reader.float64();
    const cells = reader.uint32();
    for (let i = 0; i < cells; i++) {
      const [predicted, actual] = [reader.string(), reader.string()];
      profile.addConfusion(predicted, actual, reader.float64());
    }
    const classes = reader.uint32();
    for (let i = 0; i < classes; i++) {
      const bins = profile.histogram(reader.string());
      const nonzero = reader.uint32();
      for (let j = 0; j < nonzero; j++) {
        const bin = reader.uint32();
        if (bin >= SCORE_BINS) reader.fail(`score bin ${bin} out of range`);
        bins[bin] = reader.float64();
      }
    }
    reader.end();
    return profile;
  }

  private apply(prediction: Label, label: Label, score: number | null | undefined, sign: 1 | -1, fn: string): void {
    if (sign < 0 && this.count === 0) throw new Error(`${fn}: the profile holds no labelled rows`);
    if (this.task === "regression") {
      if (
        typeof prediction !== "number" ||
        !Number.isFinite(prediction) ||
        typeof label !== "number" ||
        !Number.isFinite(label)
      ) {
        throw new Error(
          `${fn}: regression needs finite numbers, got prediction ${String(prediction)} and label ${String(label)}`,
        );
      }
      const error = prediction - label;
      this.sumError += sign * error;
      this.sumSquaredError += sign * error * error;
      this.sumAbsoluteError += sign * Math.abs(error);
      this.sumLabel += sign * label;
      this.sumLabelSquared += sign * label * label;
    } else {
      const [predicted, actual] = [classKey(fn, "prediction", prediction), classKey(fn, "label", label)];
      const bin = score === null || score === undefined ? null : scoreBin(fn, score);
      if (sign < 0) {
        if (!((this.confusion.get(predicted)?.get(actual) ?? 0) > 0)) {
          throw new Error(`${fn}: no row with prediction ${predicted} and label ${actual} to remove`);
        }
        if (bin !== null && !(this.scoreHistograms.get(actual)?.[bin] ?? 0)) {
          throw new Error(`${fn}: no row with label ${actual} and score ${score} to remove`);
        }
      }
      this.addConfusion(predicted, actual, sign);
      if (bin !== null) this.histogram(actual)[bin] += sign;
    }
    this.count += sign;
  }

  private addConfusion(predicted: string, actual: string, count: number): void {
    let row = this.confusion.get(predicted);
    if (!row) this.confusion.set(predicted, (row = new Map()));
    const total = (row.get(actual) ?? 0) + count;
    // A cell whose rows were all removed goes, so add-then-remove leaves the profile as it was.
    if (total !== 0) row.set(actual, total);
    else if (row.delete(actual) && row.size === 0) this.confusion.delete(predicted);
  }

  private histogram(actual: string): Float64Array {
    let bins = this.scoreHistograms.get(actual);
    if (!bins) this.scoreHistograms.set(actual, (bins = new Float64Array(SCORE_BINS)));
    return bins;
  }
}

/** A class as the key the confusion counts use: the text of a string, finite number or boolean. */
function classKey(fn: string, what: string, value: unknown): string {
  if (
    typeof value === "string" ||
    typeof value === "boolean" ||
    (typeof value === "number" && Number.isFinite(value))
  ) {
    return String(value);
  }
  throw new Error(`${fn}: the ${what} must be a string or a finite number, got ${String(value)}`);
}

/** The bin of a score in [0, 1]; throws on anything else. */
function scoreBin(fn: string, score: number): number {
  if (typeof score !== "number" || !(score >= 0 && score <= 1)) {
    throw new Error(`${fn}: a score must be a number in [0, 1], got ${String(score)}`);
  }
  return Math.min(SCORE_BINS - 1, Math.floor(score * SCORE_BINS));
}
