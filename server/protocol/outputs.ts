/**
 * What a cell displays, as it travels from the runtime worker to the server, the browser and
 * the static report. Every value a cell shows is serialized into one of these kinds; nothing
 * else crosses the wire. This module imports only its siblings, so the browser client can use it.
 */
import type { CellPosition } from "./cells.ts";
import type { AlertState } from "./alerts.ts";

/** A column of a table output: its name and Arquero/JS type as text ("number", "string", …). */
export interface TableColumn {
  name: string;
  type: string;
}

/** A scalar as it appears in a table cell: always plain JSON, rendered as text by every viewer. */
export type TableValue = string | number | boolean | null;

export interface SvgOutput {
  kind: "svg";
  /** Sanitized markup of a Plot chart made on the server: its `<svg>`, or the `<figure>` holding it with its title and legend. */
  svg: string;
  /** What the browser needs to make the chart interactive; absent for charts with nothing to point at. */
  interaction?: ChartInteraction;
}

/**
 * A Plot chart's interactive layer, computed on the server after Plot rendered it (see
 * server/runtime/stdlib/chartInteraction.ts): only positions and text, never the spec's
 * functions or the cell's code, so a share viewer gets no more than the picture shows.
 * Coordinates are the chart `<svg>`'s own user units (its viewBox).
 */
export interface ChartInteraction {
  /** The plot area, where the pointer's crosshair is drawn. */
  frame: { left: number; top: number; right: number; bottom: number };
  /** How the pointer picks a point, as Plot's `tip` option says: nearest in x and y, or mostly in x (`"x"`) or y (`"y"`). */
  pointer: "xy" | "x" | "y";
  /** Points that show a tooltip (marks with `tip` or a `title` channel), at most CHART_POINT_LIMIT. */
  points: ChartPoint[];
  /** Points left out past CHART_POINT_LIMIT or the text budget (sampled evenly, so the shape survives). */
  omittedPoints: number;
  /** The color legend's series, in the legend's order, when the color scale is categorical. */
  series: ChartSeries[];
}

export interface ChartPoint {
  x: number;
  y: number;
  /** The tooltip, a line per channel as Plot's tip words it (`label` bold, then `value`); text only. */
  lines: { label: string; value: string }[];
  /** Index in `series` of the point's color, when it has one: hidden with it. */
  series?: number;
}

export interface ChartSeries {
  label: string;
  /** The color Plot drew the series with, as the swatch and the marks' fill or stroke attribute say it. */
  color: string;
}

export interface HtmlOutput {
  kind: "html";
  /** Sanitized HTML: no scripts, event handlers or javascript: URLs. */
  html: string;
}

export interface TableOutput {
  kind: "table";
  columns: TableColumn[];
  /** The first rows (at most the row limit), each an array aligned with `columns`. */
  rows: TableValue[][];
  /** Rows in the whole table, so viewers can say "showing 1,000 of 120,443". */
  totalRows: number;
}

/** A feature's outcome in a drift report: tested (drifted or stable), too few values to judge, or not tested. */
export type DriftStatus = "drifted" | "stable" | "insufficient" | "skipped";

/** Categories only one table has, most frequent first: the first CATEGORY_LIMIT, and how many there are. */
export interface CategoryList {
  categories: { category: string; count: number }[];
  distinct: number;
}

/** One feature's line in a drift report. */
export interface DriftFeature {
  feature: string;
  method: string;
  status: DriftStatus;
  statistic: number | null;
  pValue: number | null;
  threshold: number | null;
  drift: boolean;
  /** Values each table held for the test, when the report says (tabularDrift does). */
  referenceRows?: number;
  currentRows?: number;
  /** Categories only current has (with their count there), and only the reference has. */
  newCategories?: CategoryList;
  missingCategories?: CategoryList;
  /** Why the feature was skipped or is insufficient. */
  reason?: string;
}

export interface DriftOutput {
  kind: "drift";
  /** The detector or tabular method that produced the report. */
  method: string;
  features: DriftFeature[];
  /** Share of the tested features that drifted, 0..1. */
  share: number;
  /** Features tested (drifted or stable): the share is over these. */
  tested: number;
  drift: boolean;
  /** Rows of each table, when the report says. */
  referenceRows?: number;
  currentRows?: number;
}

/**
 * A `detectors.dataQuality` result as a report (server/runtime/qualityOutput.ts): the table's
 * findings, then a line per column with its checks already worded, so every viewer says the same.
 */
export interface QualityOutput {
  kind: "quality";
  rows: number;
  /** Columns checked; `columns` holds the first QUALITY_COLUMN_LIMIT of them. */
  totalColumns: number;
  /** Missing cells over the columns checked for them, and their share. */
  missingCells: { count: number; share: number };
  /** Share of rows whose label has arrived, when the table has a label. */
  labelCoverage?: number;
  /** One per check that flagged something: "constant" and the columns it flagged. */
  findings: { check: string; columns: string[] }[];
  columns: QualityColumn[];
  /** Checked from profiles: what a profile cannot check exactly. */
  unavailable?: string[];
}

export interface QualityColumn {
  column: string;
  role: string;
  type: string;
  /** Missing values (for the label: unlabelled rows) and their share of rows. */
  missing: { count: number; share: number } | null;
  distinct: number;
  /** What the checks found, worded: "3 infinite", "constant", "12 out of the reference's range [0, 1] (4%)". */
  issues: string[];
}

/**
 * What an alert rule's expressions gave on this run, per instance. The worker gives the
 * evaluation; the server adds each instance's `standing` (its state: pending, firing…), which
 * the alert evaluator keeps across production runs.
 */
export interface AlertOutput {
  kind: "alert";
  name: string;
  severity?: string;
  /** One instance for a plain rule (no `key`); one per item, each with its `key`, for an `each` rule. */
  instances: AlertInstanceOutput[];
}

export interface AlertInstanceOutput {
  key?: string;
  /** Whether `when` held on this run. */
  condition: boolean;
  /** `when`'s value (a comparison's left side), JSON-safe; null when there was none (undefined, null, NaN). */
  value: unknown;
  /** Whether `recover` held; present only when the rule has a `recover`. */
  recovered?: boolean;
  /** The instance's state, added by the server where it knows the stored state (see AlertStanding). */
  standing?: AlertStanding;
}

/**
 * Where an alert instance stands. After a production run (scheduled, run-now or `driftbook
 * run` with the workbook's own params, or a run on new data), the state that run stored. In a
 * preview (an edit, a viewer's re-run, a report, a what-if run), the state this evaluation would
 * move it to from the stored state, which the preview leaves as it is (DESIGN.md, "Production
 * runs and previews"); the Prometheus/Grafana `for` semantics apply to production runs only.
 */
export interface AlertStanding {
  preview: boolean;
  state: AlertState;
  /** When the instance entered `state` (for pending: when `when` began to hold). */
  since: number;
  /** When the open alert started firing; null when none is open. */
  activeSince: number | null;
  /** While pending: the consecutive production runs where `when` held, this one included. */
  pendingCount: number;
  /** The rule's `for`: a number of runs or a duration in ms. */
  hold: { runs: number } | { ms: number };
  /** In a preview: the stored state it starts from, which stays as it is. */
  stored?: { state: AlertState; pendingCount: number };
  /** The rule's `message`, rendered for this instance; absent when the rule has none. */
  message?: string;
}

export interface JsonOutput {
  kind: "json";
  /** A JSON-safe copy of the value, bounded in depth and size. */
  value: unknown;
  /** Set when the copy was cut short: says what was left out. */
  truncated?: string;
}

export interface ErrorOutput extends CellPosition {
  kind: "error";
  message: string;
  /** 1-based line in the workbook file, when known. */
  line?: number;
  /** 1-based column in the workbook file, when known. */
  column?: number;
}

export type Output =
  SvgOutput | HtmlOutput | TableOutput | DriftOutput | QualityOutput | AlertOutput | JsonOutput | ErrorOutput;

/** How many rows of a table travel to viewers; the total count always does. */
export const TABLE_ROW_LIMIT = 1000;
/** How many tooltip points of a chart travel to viewers (a 640-pixel chart tells no more apart; each costs ~0.15 ms of linkedom on the server); how many were left out always does. */
export const CHART_POINT_LIMIT = 1000;
/** How many columns of a data-quality report travel to viewers; their number always does. */
export const QUALITY_COLUMN_LIMIT = 500;
/** How many new or missing categories of a drift report's feature travel to viewers; their number always does. */
export const CATEGORY_LIMIT = 20;
