/**
 * The runtime worker: one @observablehq/runtime for one workbook, in its own child process so
 * that a runaway cell, its memory, or a cell ending its process harm only this process, which
 * the host kills and replaces. It defines compiled cells as runtime variables, reports each
 * cell's status and serialized outputs, and says when the workbook is idle. It never touches
 * sockets or files other than the read-only database.
 */
import { compileFunction } from "node:vm";
import { performance } from "node:perf_hooks";
import { Runtime, type Module, type Variable } from "@observablehq/runtime";
import type { AlertDisplay, CompiledCell } from "../analysis/types.ts";
import { placeOfBody, type Place } from "../analysis/cellPosition.ts";
import type { Output } from "../protocol/index.ts";
import type { HostCommand } from "./messages.ts";
import { ReadonlyDatabase } from "../store/readonly.ts";
import { readsModel, sqlTag, type QueryWindow } from "./stdlib/sql.ts";
import { alertOutput, serializeValue } from "./serialize.ts";
import { errorOutput } from "./errors.ts";
import { createStdlib } from "./stdlib/index.ts";
import { profileLibrary } from "./stdlib/profile.ts";
import { metricLibrary } from "./stdlib/metric.ts";
import { onlineLibrary } from "./stdlib/online.ts";
import { onCommand, post, startWorkerProcess } from "./workerProcess.ts";
import { tableRowsAnswer, type ShownValues } from "./tableRows.ts";

/** The value of a cell's main variable: what it defines, what it showed, how long it took. */
interface CellResult {
  exports: Record<string, unknown>;
  outputs: Output[];
  /** The tables behind `outputs`, index for index (undefined for other kinds): an export reads a whole table from here. */
  shown: unknown[];
  ms: number;
}

/** A defined cell: its main variable `cell <id>` and one variable per name it defines. */
interface DefinedCell {
  cell: CompiledCell;
  main: Variable;
  exports: Variable[];
  /** Words of the SQL the cell ran on its last run: the tables it reads are among them. */
  reads: Set<string>;
  /** What each query of its last run returned. */
  windows: QueryWindow[];
  /** Set when the cell is deleted: the runtime then tells its observer of an `undefined` value. */
  removed?: boolean;
  /** The values its last fulfilled run displayed, and which display that was (a number unique in this process). */
  shown: ShownValues;
}

// A library's own frames (Arquero's expression parser, Plot's scales) can be more than V8's
// default 10 deep, which would cut off the frame of the cell that called it.
Error.stackTraceLimit = 200;
const init = startWorkerProcess();
const { dbPath, statementTimeoutMs, workbookId, maxOutputBytes } = init;
const database = dbPath ? new ReadonlyDatabase(dbPath, { statementTimeoutMs }) : undefined;
/** The moment an as-of run reads the data as of, or undefined for a run on the data as it is now. */
let asOf = init.asOf;
database?.setAsOf(asOf);
const clock = () => asOf ?? Date.now();
const builtins = {
  ...createStdlib(clock),
  ...metricLibrary((point) => post({ type: "metric", ...point }), database, workbookId, clock),
};
/** `online()` for one cell: it reads stored states and posts the new ones for a production run to store. */
const onlineFor = onlineLibrary((save) => post({ type: "online", ...save }), database, workbookId);
/** The builtins that read data or time: cells using one re-run when the as-of moment changes. */
const TIMED_INPUTS = ["sql", "profile", "profiles", "metrics", "since", "now", "online"];
// The runtime calls a builtin that is a function to get its value, so each is wrapped.
const runtime = new Runtime(Object.fromEntries(Object.entries(builtins).map(([name, value]) => [name, () => value])));
const module: Module = runtime.module();
const paramsVariable = module.variable().define("params", [], {});
let paramsKey = "{}";
const defined = new Map<string, DefinedCell>();
/** Cells whose main variable is computing: pending or running. */
const busy = new Set<string>();
/** The last command received, echoed by `idle` so the host knows which command it answers. */
let lastSeq = 0;
/** Counts the cells' fulfilled runs, so an export can tell that a cell displayed new values between two pages. */
let displays = 0;

/**
 * Posts `idle` if nothing is left to compute once the runtime has had a turn to schedule. The
 * command sequence number is read now, not later: a check scheduled before a new command
 * arrived must not claim that command is done.
 */
function checkIdle(): void {
  const seq = lastSeq;
  setImmediate(() => {
    if (busy.size === 0) post({ type: "idle", seq });
  });
}

/**
 * Wraps a compiled body into a runtime definition that times it and collects its displays.
 * It reads the cell from `entry`, so a cell that only moved in the file maps error lines to
 * its new place without running again.
 */
function definitionOf(entry: DefinedCell): (...inputs: unknown[]) => Promise<CellResult> {
  const { cell } = entry;
  if (cell.problem) {
    const { message, line, column, cellLine, cellColumn } = cell.problem;
    return () => Promise.reject(Object.assign(new Error(message), { line, column, cellLine, cellColumn }));
  }
  const filename = `driftbook-cell-${cell.id}.js`;
  const fn = compileFunction(cell.body, ["display", ...cell.inputs], { filename }) as (
    ...args: unknown[]
  ) => Promise<Record<string, unknown>>;
  // The shared `sql`, `profile`, `profiles` and `online` builtins are swapped for ones that record what this cell reads.
  const sqlInput = cell.inputs.indexOf("sql");
  const profileInputs = (["profile", "profiles"] as const).map((name) => [name, cell.inputs.indexOf(name)] as const);
  const onlineInput = cell.inputs.indexOf("online");
  const readsData = sqlInput >= 0 || onlineInput >= 0 || profileInputs.some(([, input]) => input >= 0);
  const nowInput = cell.inputs.indexOf("now");
  const toOutput =
    cell.kind === "alert"
      ? (value: unknown) => alertOutput(value as AlertDisplay)
      : (value: unknown) => serializeValue(value, maxOutputBytes);
  return async (...inputs) => {
    const outputs: Output[] = [];
    const shown: unknown[] = [];
    let open = true;
    const display = (value: unknown) => {
      if (open) {
        const output = toOutput(value);
        if (output) {
          outputs.push(output);
          // Only a table is read again (its rows past the first page, for a download); other values may go.
          shown.push(output.kind === "table" ? value : undefined);
        }
      }
      return value;
    };
    if (readsData) {
      entry.reads.clear();
      entry.windows = [];
      if (sqlInput >= 0) inputs[sqlInput] = sqlTag(database, entry.reads, entry.windows);
      const profiles = profileLibrary(database, entry.reads);
      for (const [name, input] of profileInputs) if (input >= 0) inputs[input] = profiles[name];
      if (onlineInput >= 0) inputs[onlineInput] = onlineFor(entry.reads);
    }
    if (nowInput >= 0) inputs[nowInput] = clock();
    post({ type: "cell", id: cell.id, status: "running" });
    const start = performance.now();
    try {
      const exports = await fn(display, ...inputs);
      return { exports, outputs, shown, ms: performance.now() - start };
    } catch (error) {
      throw Object.assign(error instanceof Error ? error : new Error(String(error)), {
        ms: performance.now() - start,
        ...placeOfError(error, filename, entry.cell),
      });
    } finally {
      open = false;
    }
  };
}

/**
 * The place in the cell of the innermost stack frame in the cell's own code: where it threw, or
 * where it called the library (Arquero, Plot, detectors) that threw. Every field is set, to
 * undefined when no frame is the cell's, so a library's own `line` or `column` never shows as the cell's.
 */
function placeOfError(error: unknown, filename: string, cell: CompiledCell): Record<keyof Place, number | undefined> {
  const stack = error instanceof Error ? (error.stack ?? "") : "";
  const match = new RegExp(`${filename.replace(/[.]/g, "\\.")}:(\\d+):(\\d+)`).exec(stack);
  const place: Partial<Place> = match ? placeOfBody(cell, Number(match[1]), Number(match[2])) : {};
  return { line: place.line, column: place.column, cellLine: place.cellLine, cellColumn: place.cellColumn };
}

function observerOf(entry: DefinedCell) {
  const { cell } = entry;
  return {
    pending() {
      if (entry.removed) return;
      busy.add(cell.id);
      post({ type: "cell", id: cell.id, status: "pending" });
    },
    fulfilled(result: CellResult) {
      if (entry.removed) return;
      busy.delete(cell.id);
      entry.shown = { values: result.shown, id: ++displays };
      post({
        type: "cell",
        id: cell.id,
        status: "fulfilled",
        ms: result.ms,
        outputs: result.outputs,
        reads: [...entry.reads],
        windows: entry.windows,
      });
      checkIdle();
    },
    rejected(error: unknown) {
      if (entry.removed) return;
      busy.delete(cell.id);
      entry.shown = { values: [], id: ++displays };
      const ms = (error as { ms?: number }).ms;
      post({
        type: "cell",
        id: cell.id,
        status: "rejected",
        ms,
        outputs: [errorOutput(error)],
        reads: [...entry.reads],
        windows: entry.windows,
      });
      checkIdle();
    },
  };
}

function define(cell: CompiledCell): DefinedCell {
  const mainName = `cell ${cell.id}`;
  const entry = {
    cell,
    reads: new Set<string>(),
    windows: [] as QueryWindow[],
    shown: { values: [] as unknown[], id: 0 },
  } as DefinedCell;
  entry.main = module.variable(observerOf(entry)).define(mainName, cell.inputs, definitionOf(entry));
  entry.exports = cell.outputs.map((name) =>
    module.variable().define(name, [mainName], (result: CellResult) => result.exports[name]),
  );
  return entry;
}

function remove(entry: DefinedCell): void {
  entry.removed = true;
  busy.delete(entry.cell.id);
  entry.main.delete();
  for (const variable of entry.exports) variable.delete();
}

/**
 * Defines the new cells and deletes the gone ones. A cell with an unchanged id keeps its value
 * unless its problem appeared or cleared (say, the other definer of a duplicate was fixed).
 */
function load(cells: CompiledCell[]): void {
  const next = new Map(cells.map((cell) => [cell.id, cell]));
  for (const [id, entry] of defined) {
    const cell = next.get(id);
    if (!cell || cell.problem?.message !== entry.cell.problem?.message) {
      remove(entry);
      defined.delete(id);
    } else {
      entry.cell = cell;
    }
  }
  for (const cell of cells) {
    if (!defined.has(cell.id)) defined.set(cell.id, define(cell));
  }
}

/** Redefines `params` only when its value changed, so an edit does not re-run every reader. */
function setParams(params: Record<string, unknown>): void {
  const key = JSON.stringify(params);
  if (key === paramsKey) return;
  paramsKey = key;
  paramsVariable.define("params", [], params);
}

/** Re-runs the cells whose last queries mentioned one of these models or its reference set. */
function dataChanged(models: string[]): void {
  rerun((entry) => models.some((model) => readsModel(entry.reads, model)));
}

/** Reads the data as of `at`: re-runs the cells that read data or time; the others keep their values. */
function setAsOf(at: number): void {
  asOf = at;
  database?.setAsOf(at);
  rerun((entry) => entry.reads.size > 0 || entry.cell.inputs.some((input) => TIMED_INPUTS.includes(input)));
}

function rerun(wanted: (entry: DefinedCell) => boolean): void {
  for (const entry of defined.values()) {
    if (wanted(entry)) entry.main.define(`cell ${entry.cell.id}`, entry.cell.inputs, definitionOf(entry));
  }
}

onCommand((command: HostCommand) => {
  if (command.type === "tableRows") return post(tableRowsAnswer(command, defined.get(command.cell)?.shown));
  lastSeq = command.seq;
  switch (command.type) {
    case "load":
      setParams(command.params);
      load(command.cells);
      break;
    case "setParams":
      setParams(command.params);
      break;
    case "dataChanged":
      dataChanged(command.models);
      break;
    case "rerun":
      rerun((entry) => entry.cell.id === command.cell);
      break;
    case "asOf":
      setAsOf(command.at);
      break;
    default: {
      const unknown: never = command;
      throw new Error(`unknown host command ${JSON.stringify(unknown)}`);
    }
  }
  checkIdle();
});
