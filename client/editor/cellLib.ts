/**
 * Type declarations of the names every `js` cell can use (DESIGN "Cell standard library"), fed
 * to Monaco's JavaScript service so they autocomplete. Only what helps typing: Plot and Arquero
 * are declared loosely (common marks and verbs), detectors by what `detectors/index.ts` exports.
 */
export const CELL_LIB = `
type Values = ArrayLike<unknown>;
/** An Arquero table, or anything with columnNames() and array(name). */
type TableInput = aq.Table | { columnNames(): string[]; array(name: string): ArrayLike<unknown> };

interface TestResult {
  method: string;
  statistic: number;
  pValue?: number;
  threshold: number;
  drift: boolean;
  dropped: { reference: number; current: number };
  [detail: string]: unknown;
}
interface TestOptions {
  /** Significance level, for tests with a p-value. */
  alpha?: number;
  /** Distance cut-off, for distances. */
  threshold?: number;
  [option: string]: unknown;
}
type Test = (reference: Values, current: Values, options?: TestOptions) => TestResult;
type TestName = "ks" | "cramerVonMises" | "andersonDarling" | "mannWhitney" | "energyDistance" | "wasserstein" | "tTest"
  | "chiSquare" | "fisherExact" | "zTest" | "chiSquareGoodnessOfFit" | "psi" | "kl" | "jensenShannon" | "hellinger" | "tvd";
type TabularMethod = "auto" | TestName;

/** Drift tests, distances, tabular drift, data quality and model metrics (detectors/index.ts). */
declare const detectors: {
  ks: Test; cramerVonMises: Test; andersonDarling: Test; mannWhitney: Test; energyDistance: Test; wasserstein: Test; tTest: Test;
  chiSquare: Test; fisherExact: Test; zTest: Test; chiSquareGoodnessOfFit: Test;
  psi: Test; kl: Test; jensenShannon: Test; hellinger: Test; tvd: Test;
  /** Per-column drift between two tables, as Evidently's data-drift preset; shown as a drift report. */
  tabularDrift(reference: TableInput, current: TableInput, options?: {
    features?: string[]; categorical?: string[];
    method?: TabularMethod | { numeric?: TabularMethod; categorical?: TabularMethod };
    correction?: "bonferroni" | "fdr"; threshold?: number; driftShare?: number;
    /** The fewest values a column needs in each table for a verdict (default 30); below it the column is "insufficient". */
    minRows?: number;
  }): {
    method: string; drift: boolean; share: number; driftedCount: number; testedCount: number; insufficientCount: number;
    minRows: number; referenceRows: number; currentRows: number;
    features: (TestResult & {
      feature: string; status: "drifted" | "stable" | "insufficient" | "skipped"; referenceRows: number; currentRows: number;
      newCategories?: { category: string; count: number }[]; missingCategories?: { category: string; count: number }[]; reason?: string;
    })[];
  };
  /** Data-quality checks, each column for what can go wrong with its role (id, ts, prediction, score, proba_*, label, feature). */
  dataQuality(current: TableInput, options?: { reference?: TableInput }): Record<string, any>;
  columnRole(name: string): "feature" | "id" | "timestamp" | "output" | "label";
  /** The test Evidently's preset picks for one column. */
  autoSelect(reference: Values, current: Values, options: { type: "numeric" | "categorical" }): TestName;
  inferColumnType(values: Values): "numeric" | "categorical" | "text" | "datetime" | "vector" | "unknown";
  /** Bonferroni or Benjamini–Hochberg (method: "fdr") over per-feature p-values. */
  correct(pValues: ArrayLike<number>, options?: { method?: "bonferroni" | "fdr"; alpha?: number }): { method: string; alpha: number; drift: boolean; threshold: number | number[] };
  classificationMetrics(yTrue: Values, yPred: Values, options?: { scores?: Values; positive?: string | number | boolean }): Record<string, any>;
  regressionMetrics(yTrue: Values, yPred: Values): Record<string, any>;
  /** NannyML's direct loss estimation: a regression model's errors per chunk without labels. */
  dle(reference: TableInput | Record<string, unknown>[], analysis: TableInput | Record<string, unknown>[], options?: { features?: string[]; metrics?: ("mae" | "mape" | "mse" | "msle" | "rmse" | "rmsle")[]; chunks?: { size: number } | { count: number } | { period: string }; [option: string]: unknown }): { metrics: Record<string, Record<string, any>[]>; features: string[] };
};

/** Arquero: tables and their verbs. */
declare namespace aq {
  interface Table {
    numRows(): number; numCols(): number; columnNames(): string[];
    array(name: string): unknown[]; objects(options?: { limit?: number }): Record<string, any>[];
    filter(predicate: any): Table; derive(values: Record<string, any>): Table; select(...columns: any[]): Table;
    rename(names: Record<string, string>): Table; groupby(...keys: any[]): Table; ungroup(): Table;
    rollup(values: Record<string, any>): Table; count(options?: { as?: string }): Table; orderby(...keys: any[]): Table;
    slice(start?: number, end?: number): Table; sample(size: number, options?: any): Table; dedupe(...keys: any[]): Table;
    join(other: Table, on?: any, values?: any): Table; concat(...others: Table[]): Table;
    fold(columns: any, options?: any): Table; pivot(keys: any, values: any): Table;
  }
  function from(values: any, names?: string[]): Table;
  function table(columns: Record<string, ArrayLike<unknown>>): Table;
  function desc(expression: any): any;
  function escape(fn: (...args: any[]) => unknown): any;
  const op: Record<string, (...args: any[]) => any>;
}
declare const op: typeof aq.op;

/** Observable Plot; charts render on the server into SVG. */
declare const Plot: {
  plot(options?: Record<string, any>): unknown;
  legend(options?: Record<string, any>): unknown;
  [mark: string]: (...args: any[]) => any;
  dot(data?: any, options?: any): any; line(data?: any, options?: any): any; lineX(data?: any, options?: any): any; lineY(data?: any, options?: any): any;
  barX(data?: any, options?: any): any; barY(data?: any, options?: any): any; rectX(data?: any, options?: any): any; rectY(data?: any, options?: any): any;
  areaX(data?: any, options?: any): any; areaY(data?: any, options?: any): any; ruleX(data?: any, options?: any): any; ruleY(data?: any, options?: any): any;
  tickX(data?: any, options?: any): any; tickY(data?: any, options?: any): any; text(data?: any, options?: any): any; cell(data?: any, options?: any): any;
  binX(outputs?: any, options?: any): any; binY(outputs?: any, options?: any): any; groupX(outputs?: any, options?: any): any; groupY(outputs?: any, options?: any): any;
  stackY(options?: any): any; windowY(options?: any): any; frame(options?: any): any;
};

/** simple-statistics. */
declare const ss: {
  mean(x: number[]): number; median(x: number[]): number; mode(x: number[]): number; sum(x: number[]): number;
  min(x: number[]): number; max(x: number[]): number; variance(x: number[]): number; sampleVariance(x: number[]): number;
  standardDeviation(x: number[]): number; sampleStandardDeviation(x: number[]): number;
  quantile(x: number[], p: number): number; interquartileRange(x: number[]): number; zScore(x: number, mean: number, sd: number): number;
  sampleCorrelation(x: number[], y: number[]): number; linearRegression(points: [number, number][]): { m: number; b: number };
  [name: string]: (...args: any[]) => any;
};

/** Runs a read-only query; every \${value} is a bound parameter. Resolves to an Arquero table. */
declare function sql(strings: TemplateStringsArray, ...values: unknown[]): Promise<aq.Table>;
declare namespace sql {
  /** The start (epoch ms) of the time bucket holding an epoch-ms column, on SQLite and PostgreSQL alike: \`\${sql.bucket("ts", "1d")}\`; weeks start on Mondays. */
  function bucket(column: string, width: string | number): unknown;
}
/** Shows a value under the cell (as a chart, table or inspector) and returns it. */
declare function display<T>(value: T): T;
/** HTML from a template; interpolated values are escaped. */
declare function html(strings: TemplateStringsArray, ...values: unknown[]): unknown;
/** The workbook's parameters (front matter \`params\`). */
declare const params: Record<string, any>;
/** Epoch milliseconds \`duration\` ago: \`since("24h")\`, \`since("30m")\`; in a run as of a past moment, before it. */
declare function since(duration: string | number, now?: number): number;
/** The run's time in epoch milliseconds: when the cell ran, or the moment a run as of the past reads the data as of. */
declare const now: number;
/** Records a point of a metric on this run (not on runs caused by editing): \`metric("drift_share", drift.share)\`. */
declare function metric(name: string, value: number, options?: { labels?: Record<string, string> }): void;
/** A metric's recorded points as a table (time, value, run, one column per label). */
declare function metrics(name: string, options?: { since?: number; labels?: Record<string, string> }): Promise<aq.Table>;

/** One detection of an online detector: its step, the row that made it fire, the statistic and threshold. */
interface OnlineFiring { time: number; id: string; ts: number; rowid: number; distance: number; threshold: number }
/** Watches a model's stream with an online detector, feeding the rows logged since the state's checkpoint (kept by production runs only): \`online("credit", "mmd", {columns: ["income", "debt_ratio"], reference, ert: 100, windowSize: 20, state: "inputs"})\`. */
declare function online(model: string, detector: "mmd" | "lsdd" | "cvm" | "fet" | Function, options: {
  column?: string; columns?: string[]; state: string; reference: aq.Table | Record<string, unknown>[]; [option: string]: unknown }): {
  state: string; kind: string; model: string; drift: boolean; detections: OnlineFiring[]; fired: OnlineFiring[];
  latest: { drift: boolean; distance: number; threshold: number; time: number } | null;
  fed: number; skipped: number; checkpoint: number; fresh: boolean };

/** A stored column profile: numbers (quantiles within the sketch's rank bound) or categories (exact counts up to a cap). */
type ColumnProfile =
  | { type: "numeric"; count: number; missing: number; min: number; max: number; sum: number; mean: number;
      variance: number; std: number; quantile(q: number): number; cdf(x: number): number }
  | { type: "categorical"; count: number; missing: number; counts: Map<string, number>; other: number };
/** A window's profile: its rows, one profile per column, label counts once labels arrive. */
interface Profile { rows: number; columns: Map<string, ColumnProfile>; labels: unknown; column(name: string): ColumnProfile; toJSON(): unknown }
/** A time: a Date, epoch ms, ISO text, or a duration before now ("7d"). */
type ProfileTime = Date | number | string;
/** A model's stored profiles over a window, merged: \`profile("credit", {since: "24h"})\`, or its reference set with \`{reference: true}\`. */
declare function profile(model: string, options?: { since?: ProfileTime; until?: ProfileTime;
  segment?: Record<string, string | number | boolean>; reference?: true | string }): Profile;
/** One merged profile per interval (\`profiles("credit", {since: "30d", every: "1d"})\`), and per value of a segment column (\`{segment: "region"}\`). */
declare function profiles(model: string, options?: { every?: string | number; since?: ProfileTime; until?: ProfileTime;
  tz?: string; segment?: string | Record<string, string | number | boolean> }):
  { start: Date; end: Date; segment?: { column: string; value: string }; profile: Profile }[];
`;
