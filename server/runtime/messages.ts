/**
 * Messages between the runtime host (in the server) and a runtime worker (a child process,
 * see cellProcess.ts). The worker owns one @observablehq/runtime for one workbook; the host
 * owns the worker's life (limits, replacement).
 */
import type { CompiledCell } from "../analysis/types.ts";
import type { CellStatus, Output } from "../protocol/index.ts";
import type { QueryWindow } from "./stdlib/sql.ts";
import type { OnlineSave } from "../store/onlineState.ts";
import type { ExportValue } from "../export/delimited.ts";

export type { OnlineSave };

/** One page of a displayed table for a download: its column names (the same on every page), its rows, and how many rows there are in all. */
export interface TablePage {
  columns: string[];
  rows: ExportValue[][];
  totalRows: number;
}

/** Data the worker needs before it can run cells. */
export interface WorkerInit {
  /** The database `sql` cells read: a SQLite file's path (opened read-only) or the URL of PostgreSQL's reader role (store/cellLocation.ts); absent when none. */
  dbPath?: string;
  /** The longest one SQL statement may run (ms): the cell time limit, which PostgreSQL enforces itself. */
  statementTimeoutMs?: number;
  /** The workbook's identity (its path in the workbooks folder), whose series `metrics()` reads. */
  workbookId?: string;
  /** An HTML or SVG output larger than this many bytes is replaced by a note; default 5 MB. */
  maxOutputBytes?: number;
  /** Run cells as this user: the worker drops to it after loading its code, before any cell runs. */
  user?: CellUser;
  /** Read the data as it was at this moment (epoch ms; store/asOf.ts), with `since()`, `now` and `metrics()` relative to it. */
  asOf?: number;
}

/** An unprivileged user to run cells as when the server runs as root (see cellUser.ts). */
export interface CellUser {
  name: string;
  uid: number;
  gid: number;
}

/** One point of a metric series, as a cell's `metric(name, value, {labels})` records it. */
export interface MetricPoint {
  name: string;
  value: number;
  labels: Record<string, string>;
  /** Epoch ms when the cell recorded it: the run's time, so T in an as-of run. */
  at: number;
}

/** A command to the worker; `seq` lets the host tell which command an `idle` answers. */
export type HostCommand = { seq: number } &
  /** Replace the workbook's cells: unchanged ids keep their values, others are redefined. */
  (
    | { type: "load"; cells: CompiledCell[]; params: Record<string, unknown> }
    /** New parameter values: re-runs the cells that read `params`. */
    | { type: "setParams"; params: Record<string, unknown> }
    /** These models' data changed: re-runs the cells that read them. */
    | { type: "dataChanged"; models: string[] }
    /** Runs this cell again (and what depends on it), as a notebook's run key does on an unchanged cell. */
    | { type: "rerun"; cell: string }
    /** Read the data as of `at` (epoch ms): re-runs the cells that read data or time; the others keep their values. */
    | { type: "asOf"; at: number }
    /**
     * Rows of the table a cell displayed as its `output`-th output, for an export; answered by a
     * `tableRows` event with the same `request`. It runs nothing, so it leaves `seq` and idleness alone.
     * `shown` is the display the first page came from: a later page of another display is refused.
     */
    | {
        type: "tableRows";
        request: number;
        cell: string;
        output: number;
        offset: number;
        limit: number;
        shown?: number;
      }
  );

export type WorkerEvent =
  | {
      type: "cell";
      id: string;
      status: Exclude<CellStatus, "timeout">;
      ms?: number;
      outputs?: Output[];
      /** On a settled cell: the words of the SQL it ran (see stdlib/sql.ts), so the host knows which models it reads. */
      reads?: string[];
      /** On a settled cell: what each of its queries returned (see stdlib/sql.ts), for reports' provenance. */
      windows?: QueryWindow[];
    }
  /** A cell called `metric()`: the host hands the point to whoever records the run. */
  | ({ type: "metric" } & MetricPoint)
  /** A cell's `online()` advanced a named state: the host hands it to whoever records the run. */
  | ({ type: "online" } & OnlineSave)
  /** The answer to a `tableRows` command: the page and which display of the cell it came from, or why there is none. */
  | { type: "tableRows"; request: number; page?: TablePage & { shown: number }; error?: string }
  /** No cell is pending or running: the run that the last command started is complete. */
  | { type: "idle"; seq: number };
