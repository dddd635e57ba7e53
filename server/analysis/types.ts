/** What static analysis produces: per-cell facts, compiled cells, alert settings and what an alert cell displays. */
import type { Problem } from "../protocol/index.ts";
import type { CellKind } from "../workbook/types.ts";

/** What static analysis learns of one cell's JavaScript without running it. */
export interface CellNode {
  /** Top-level names the cell defines (const, let, var, function, class; destructuring included). */
  declarations: string[];
  /** Free names the cell reads: defined by other cells, the standard library or the global object. */
  references: string[];
  /** True when the whole cell is one expression, whose value the cell displays. */
  expression: boolean;
  /** True when the cell uses top-level `await`. */
  async: boolean;
}

/**
 * A cell ready for `module.variable().define(...)` in the runtime worker.
 *
 * `body` is the text of a function body taking `display` then each of `inputs` as parameters;
 * it returns a promise of an object holding each of `outputs`. It calls `display(value)` for
 * what the cell shows (an expression cell's value, a sql cell's table). Its first line holds
 * line `bodyLine` of the cell's source, so a stack frame's place maps back (cellPosition.ts).
 */
export interface CompiledCell {
  /** Stable identity from the cell's content (kind, name, source): unchanged cells keep it across edits. */
  id: string;
  index: number;
  kind: CellKind;
  name?: string;
  inputs: string[];
  outputs: string[];
  body: string;
  /** The 1-based line of the file where the cell's source starts. */
  sourceStartLine: number;
  /** The line of the cell's source that the body's first line holds. */
  bodyLine: number;
  /** Generated characters before the cell's source on the body's first line; absent when the body's columns are not the cell's (alert rules). */
  bodyColumn?: number;
  /** When set the cell must not run: it (and its outputs) reject with this problem. */
  problem?: Problem;
  /** An alert cell's settings, when they are usable (see alertSettings.ts). */
  alert?: AlertSettings;
}

/** How long `when` must hold before an instance fires: consecutive evaluations, or time. */
export type Hold = { runs: number } | { ms: number };

/** An alarm budget: at most `count` firings per `windowMs` (`budget: 2 per 30d`), which a replay checks (server/replay/budget.ts). */
export interface Budget {
  count: number;
  windowMs: number;
}

/** An alert cell's settings, read with its expressions from one parse of its YAML. */
export interface AlertSettings {
  /** Changes when the rule's settings or expressions change (not its comments): its instances then reset. */
  definitionHash: string;
  for: Hold;
  severity?: string;
  /** Extra labels on every instance. */
  labels: Record<string, string>;
  /** The notification's summary, a template: `{{value}}`, `{{key}}`, `{{labels.team}}`, `{{params.window}}`… */
  message?: string;
  /** Channel names from driftbook.config.json. */
  notify: string[];
  /** Reminder interval while firing. */
  repeatMs: number;
  /** True when the rule has `each`: one instance per item. */
  each: boolean;
  /** The label that carries an `each` instance's key. */
  keyLabel: string;
  /** True when the rule has `recover`: a firing instance resolves only when it holds. */
  recover: boolean;
  /** How often the rule may fire, checked by replaying its window; absent when it sets none. */
  budget?: Budget;
}

export interface WorkbookAnalysis {
  cells: CompiledCell[];
  /** Every problem: format problems from parsing plus syntax errors, duplicate definitions and cycles. */
  problems: Problem[];
}

/**
 * What an `alert` cell's body passes to `display`, once per run; the worker turns it into an
 * AlertOutput. A rule without `each` has one instance, without a key; a rule with `each` has
 * one per item of its list, keyed by `key` (see compileAlert).
 */
export interface AlertDisplay {
  /** The rule's name: the cell's NAME. */
  alert: string;
  /** The rule's `severity`, as written. */
  severity?: string;
  instances: AlertInstanceDisplay[];
}

/**
 * One instance's evaluation. When `when` is a comparison (`drift.share > 0.3`), `value` is its
 * left operand (`drift.share`), else the value of `when` itself; `condition` is whether `when`
 * holds. `recovered` is whether `recover` holds, present only when the rule has a `recover`.
 */
export interface AlertInstanceDisplay {
  /** The instance's key in an `each` rule; absent in a plain rule. */
  key?: string;
  condition: boolean;
  value: unknown;
  recovered?: boolean;
}
