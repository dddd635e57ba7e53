/**
 * A live workbook's param controls: the front matter's declarations with their values, and the
 * choices of selects whose `options` are a query (`{query: "select distinct region from
 * credit"}`). Such a query runs as a hidden `sql` cell appended after the workbook's own, so it
 * runs where cells run — in the cell process, read-only, under the cell time limit, re-run on
 * new data like any cell (DESIGN.md: a slow query never blocks the server) — and its first
 * column's values are the choices. Viewers never see those cells.
 */
import { compileCell } from "../analysis/index.ts";
import type { CompiledCell } from "../analysis/types.ts";
import type { ParamControl, ParamValue } from "../protocol/index.ts";
import type { CellState } from "../runtime/host.ts";
import type { LoadedWorkbook } from "../workspace/workbookFile.ts";
import type { CellBlock } from "../workbook/types.ts";
import { isParamValue, type ParamDeclaration } from "../workbook/paramDeclarations.ts";
import { parseParamValue, ParamValueError } from "../workbook/params.ts";

/** Who set a param from a URL: an editor may set any declared param, a share viewer only those marked `viewer: true`. */
export type ParamAudience = "editor" | "viewer";

export class ParamChoices {
  /** The hidden cells, by the name of the param whose choices they list. */
  private cells = new Map<string, CompiledCell>();
  /** Each query's choices, by its cell's id: a changed query waits for its own answer. */
  private readonly choices = new Map<string, ParamValue[]>();
  /** The error of each query that failed on its last run, by its cell's id. */
  private readonly errors = new Map<string, string>();
  private settledWaiters: Array<() => void> = [];

  /** `workbook` as it opens; its hidden cells come from load(), which the live workbook calls next. */
  constructor(private workbook: LoadedWorkbook) {}

  /** Takes a new version of the file; returns the hidden cells to run after the workbook's own. */
  load(workbook: LoadedWorkbook): CompiledCell[] {
    this.workbook = workbook;
    const first = workbook.analysis.cells.length;
    const queries = workbook.paramDeclarations.filter((declaration) => declaration.valid && declaration.optionsQuery);
    this.cells = new Map(
      queries.map((declaration, i) => {
        const block: CellBlock = {
          type: "cell",
          kind: "sql",
          name: `__paramChoices${i}`,
          options: {},
          opening: "",
          source: declaration.optionsQuery!,
          closing: "",
          startLine: declaration.line,
          sourceStartLine: declaration.line,
        };
        return [declaration.name, compileCell(block, first + i)];
      }),
    );
    const ids = new Set([...this.cells.values()].map((cell) => cell.id));
    for (const answers of [this.choices, this.errors])
      for (const id of [...answers.keys()]) if (!ids.has(id)) answers.delete(id);
    this.notifyIfSettled();
    return [...this.cells.values()];
  }

  /** Whether a cell state is one of the hidden cells'. */
  owns(state: CellState): boolean {
    return state.index >= this.workbook.analysis.cells.length;
  }

  /** A hidden cell's new state: returns true when a select's choices changed. */
  cellChanged(state: CellState): boolean {
    const id = state.id;
    const owned = [...this.cells.values()].some((cell) => cell.id === id);
    if (!owned || state.status === "pending" || state.status === "running") return false;
    const table = state.outputs.find((output) => output.kind === "table");
    const values = table?.kind === "table" ? table.rows.map((row) => row[0]).filter(isParamValue) : [];
    const failure = state.outputs.find((output) => output.kind === "error");
    const previous = JSON.stringify([this.choices.get(id), this.errors.get(id)]);
    this.choices.set(id, [...new Set(values)]);
    if (failure?.kind === "error") this.errors.set(id, `options query: ${failure.message}`);
    else this.errors.delete(id);
    this.notifyIfSettled();
    return previous !== JSON.stringify([this.choices.get(id), this.errors.get(id)]);
  }

  /** Resolves once every query has run: a URL's value for such a select is checked against its answer. */
  settled(): Promise<void> {
    if (this.isSettled()) return Promise.resolve();
    return new Promise((resolve) => this.settledWaiters.push(resolve));
  }

  /**
   * The overrides that URL text asks for, each read by its declaration (params.ts) against the
   * current choices. What the audience may not set, what is not declared and what the
   * declaration refuses is left out, so it never reaches a cell; values equal to the default
   * too, so equal views share one session.
   */
  overrides(wanted: Record<string, string>, audience: ParamAudience): Record<string, unknown> {
    const overrides: Record<string, unknown> = {};
    for (const [name, text] of Object.entries(wanted)) {
      const declaration = this.controlled().find((candidate) => candidate.name === name);
      if (!declaration || (audience === "viewer" && !declaration.viewer)) continue;
      try {
        const value = parseParamValue(declaration, text, this.optionsOf(declaration));
        if (value !== declaration.default) overrides[name] = value;
      } catch (error) {
        if (!(error instanceof ParamValueError)) throw error;
      }
    }
    return overrides;
  }

  /** The params a session runs with: the defaults, and its overrides that the file still declares. */
  params(overrides: Record<string, unknown>): Record<string, unknown> {
    const kept = Object.entries(overrides).filter(([name]) =>
      this.controlled().some((declaration) => declaration.name === name),
    );
    return { ...this.workbook.paramDefaults, ...Object.fromEntries(kept) };
  }

  /** The bar's controls, showing the values of `params`. */
  controls(params: Record<string, unknown>): ParamControl[] {
    return this.controlled().map((declaration) => {
      const { name, input, label, min, max, step, viewer } = declaration;
      const control: ParamControl = {
        name,
        input: input as ParamControl["input"],
        default: declaration.default as ParamValue,
        value: params[name] as ParamValue,
        viewer,
        ...(label !== undefined && { label }),
        ...(min !== undefined && { min, max, step }),
      };
      const options = this.optionsOf(declaration);
      if (options !== undefined) control.options = options;
      const error = this.errors.get(this.cells.get(name)?.id ?? "");
      if (error !== undefined) control.error = error;
      return control;
    });
  }

  /** Declarations a control shows: usable ones of a scalar value. */
  private controlled(): ParamDeclaration[] {
    return this.workbook.paramDeclarations.filter(
      (declaration) => declaration.valid && declaration.input !== "json" && isParamValue(declaration.default),
    );
  }

  /** A select's choices: listed, or its query's answer with the default among them; only the default until it answers. */
  private optionsOf(declaration: ParamDeclaration): ParamValue[] | undefined {
    if (!declaration.optionsQuery) return declaration.options;
    const answer = this.choices.get(this.cells.get(declaration.name)?.id ?? "") ?? [];
    const fallback = declaration.default as ParamValue;
    return answer.includes(fallback) ? answer : [fallback, ...answer];
  }

  /** The session closed: whoever waits for the queries stops waiting, and only defaults pass for them. */
  stop(): void {
    this.cells.clear();
    this.notifyIfSettled();
  }

  private isSettled(): boolean {
    return [...this.cells.values()].every((cell) => this.choices.has(cell.id));
  }

  private notifyIfSettled(): void {
    if (!this.isSettled()) return;
    const waiters = this.settledWaiters;
    this.settledWaiters = [];
    for (const resolve of waiters) resolve();
  }
}

/**
 * The single-valued text fields of `params` (a socket message's `params`, a query string): the
 * URL text a session's params are chosen from (Sessions.open checks them against declarations).
 */
export function textParams(params: unknown): Record<string, string> {
  if (typeof params !== "object" || params === null) return {};
  return Object.fromEntries(
    Object.entries(params).filter((entry): entry is [string, string] => typeof entry[1] === "string"),
  );
}
