/**
 * Online detectors' state between runs (issue 21, `online()` in cells): per workbook and state
 * name, the detector's JSON state, the configuration it was made with, the checkpoint (the last
 * rowid of the model's table it was fed: insertion order, so a row logged late with an old `ts`
 * is never skipped) and the moments it fired. The cell process reads them on its read-only
 * connection; only a production run writes them (runs/execute.ts), so previews, what-ifs and
 * as-of runs work on a copy. Calibrated detectors are kept by configuration and reference content
 * (`driftbook_online_calibrations`), so a re-run, or another state of the same configuration,
 * does not pay the calibration again.
 */
import { writeTransaction, type Db } from "./db.ts";

/** One detection: the detector's step and the row that made it fire. */
export interface OnlineFiring {
  /** The detector's time (instances since its last reset) at the detection. */
  time: number;
  /** The prediction's id and ts, and its rowid in the model's table. */
  id: string;
  ts: number;
  rowid: number;
  distance: number;
  threshold: number;
}

/** What a production run stores for one named online state. */
export interface OnlineSave {
  name: string;
  model: string;
  /** The configuration key (detector, options, columns, reference content): a change starts fresh. */
  config: string;
  /** The rowid of the last row fed. */
  checkpoint: number;
  /** The detector's `state()`. */
  state: unknown;
  /** The latest step's result, or null when no row was ever fed. */
  latest: unknown;
  /** Every detection so far (the newest MAX_FIRINGS). */
  fired: OnlineFiring[];
  /** The freshly calibrated detector's state, when this run calibrated it. */
  calibration?: { key: string; state: unknown };
}

/** How many detections a state keeps: enough for any alert rule or plot, bounded for the row's size. */
export const MAX_FIRINGS = 1000;

/** A named state as stored. */
export type StoredOnline = Omit<OnlineSave, "name" | "calibration">;

interface StateRow {
  model: string;
  config: string;
  checkpoint: number;
  state: string;
  latest: string | null;
  fired: string;
}

/** The workbook's state `name`, or undefined when none was stored. */
export function readOnlineState(db: Db, workbook: string, name: string): StoredOnline | undefined {
  const row = db
    .prepare(
      "select model, config, checkpoint, state, latest, fired from driftbook_online_states where workbook = ? and name = ?",
    )
    .get(workbook, name) as StateRow | undefined;
  if (!row) return undefined;
  return {
    model: row.model,
    config: row.config,
    checkpoint: row.checkpoint,
    state: JSON.parse(row.state),
    latest: row.latest === null ? null : JSON.parse(row.latest),
    fired: JSON.parse(row.fired) as OnlineFiring[],
  };
}

/** A calibrated detector's state by its calibration key, or undefined. */
export function readCalibration(db: Db, key: string): unknown {
  const row = db.prepare("select state from driftbook_online_calibrations where key = ?").get(key) as
    { state: string } | undefined;
  return row && JSON.parse(row.state);
}

/** Stores a production run's online states (and the calibrations it made) in one transaction. */
export function saveOnlineStates(db: Db, workbook: string, saves: OnlineSave[], now: number): void {
  if (saves.length === 0) return;
  const upsert = db.prepare(
    `insert into driftbook_online_states (workbook, name, model, config, checkpoint, state, latest, fired, updated_at)
     values (?, ?, ?, ?, ?, ?, ?, ?, ?)
     on conflict (workbook, name) do update set model = excluded.model, config = excluded.config,
       checkpoint = excluded.checkpoint, state = excluded.state, latest = excluded.latest,
       fired = excluded.fired, updated_at = excluded.updated_at`,
  );
  const calibrate = db.prepare(
    "insert into driftbook_online_calibrations (key, state, created_at) values (?, ?, ?) on conflict (key) do nothing",
  );
  writeTransaction(db, () => {
    for (const save of saves) {
      upsert.run(
        workbook,
        save.name,
        save.model,
        save.config,
        save.checkpoint,
        JSON.stringify(save.state),
        save.latest === null ? null : JSON.stringify(save.latest),
        JSON.stringify(save.fired.slice(-MAX_FIRINGS)),
        now,
      );
      if (save.calibration) calibrate.run(save.calibration.key, JSON.stringify(save.calibration.state), now);
    }
  });
}
