/**
 * `online(model, detector, {column | columns, state, reference, ...detectorOptions})` in cells
 * (issue 21, item 2): watches a model's stream instance by instance with an online detector
 * (detectors.online). Each call continues the stored state `state` and feeds it every row logged
 * since its checkpoint, in insertion order (rowid, not `ts`, so a late row is never skipped);
 * after a detection it resets the detector, as Alibi Detect's online detectors are used
 * (`reset_state()` once drift is flagged), and records the firing.
 *
 * The cell process only reads the stored state: it posts the new one, and only a production run
 * stores it (runs/execute.ts, as metric points), so a preview, a what-if or an as-of run works on
 * a copy and never moves the checkpoint. A changed configuration (kind, options, columns or
 * reference content) starts a fresh state; its calibration is looked up by that configuration —
 * in this process, then in the database — before the detector is calibrated anew.
 */
import * as detectors from "../../../detectors/index.ts";
import type { ReadonlyDatabase } from "../../store/readonly.ts";
import { quoteIdentifier } from "../../store/columns.ts";
import { storeTable } from "../../store/schemaNames.ts";
import {
  MAX_FIRINGS,
  readCalibration,
  readOnlineState,
  type OnlineFiring,
  type OnlineSave,
} from "../../store/onlineState.ts";
import { numeric, onlineConfig, type OnlineConfig, type OnlineOptions } from "./onlineConfig.ts";

type OnlineDetector = detectors.online.OnlineDetector;
type OnlineResult = detectors.online.OnlineResult;
type OnlineState = detectors.online.OnlineState;

/** What online() returns: the latest result and the detections, for display and alert rules. */
export interface OnlineWatch {
  state: string;
  kind: OnlineConfig["kind"];
  model: string;
  /** True when the detector fired on a row fed by this call. */
  drift: boolean;
  /** The last step's result (this call's or, when no new row came, the stored one); null before any row. */
  latest: OnlineResult | null;
  /** The detections on this call's rows. */
  detections: OnlineFiring[];
  /** Every detection of this state (the newest MAX_FIRINGS). */
  fired: OnlineFiring[];
  /** Rows fed by this call, and rows skipped because a watched column was missing or not a number. */
  fed: number;
  skipped: number;
  /** The rowid of the last row fed: the next call starts after it. */
  checkpoint: number;
  /** True when this call started a fresh state (none stored, or the configuration changed). */
  fresh: boolean;
}

export function onlineLibrary(
  record: (save: OnlineSave) => void,
  db: ReadonlyDatabase | undefined,
  workbook: string | undefined,
) {
  /** Calibrated detectors' fresh states by configuration key, for previews' re-runs in this process. */
  const calibrations = new Map<string, OnlineState>();

  /** `reads` collects the model's name, so the cell re-runs when the model gets data. */
  return function onlineFor(reads: Set<string>) {
    return function online(model: string, detector: unknown, options: OnlineOptions): OnlineWatch {
      if (!db) throw new Error("online: no database: start the server or run the workbook with --db PATH");
      if (!workbook) throw new Error("online() needs the workbook's path; this run has none");
      if (typeof model !== "string") throw new Error(`online: model must be a model's name, got ${String(model)}`);
      const config = onlineConfig(detector, options);
      const connection = db.connection();
      if (!connection.prepare("select 1 from driftbook_models where name = ?").get(model))
        throw new Error(`online: there is no model ${JSON.stringify(model)} (log its predictions first)`);
      reads.add(model);
      const stored = readOnlineState(connection, workbook, config.state);
      const continues = stored !== undefined && stored.config === config.key && stored.model === model;
      const { detector: running, calibration } = continues
        ? { detector: detectors.online.restore(stored.state as OnlineState), calibration: undefined }
        : startFresh(config, () => readCalibration(connection, config.key) as OnlineState | undefined);
      const fired = continues ? [...stored.fired] : [];
      const fedFrom = continues ? stored.checkpoint : 0;
      const step = feed(running, model, config.columns, fedFrom);
      fired.push(...step.detections);
      const latest = step.latest ?? (continues ? (stored.latest as OnlineResult | null) : null);
      record({
        name: config.state,
        model,
        config: config.key,
        checkpoint: step.checkpoint,
        state: running.state(),
        latest,
        fired: fired.slice(-MAX_FIRINGS),
        ...(calibration && { calibration }),
      });
      return {
        state: config.state,
        kind: config.kind,
        model,
        drift: step.detections.length > 0,
        latest,
        detections: step.detections,
        fired: fired.slice(-MAX_FIRINGS),
        fed: step.fed,
        skipped: step.skipped,
        checkpoint: step.checkpoint,
        fresh: !continues,
      };
    };

    /** A calibrated detector for a fresh state: cached in this process, stored, or calibrated now (and then to be stored). */
    function startFresh(config: OnlineConfig, stored: () => OnlineState | undefined) {
      const calibrated = calibrations.get(config.key) ?? stored();
      if (calibrated) {
        calibrations.set(config.key, calibrated);
        return { detector: detectors.online.restore(calibrated), calibration: undefined };
      }
      const detector = calibrate(config);
      // A copy: the detector's own state object may change with its updates.
      const state = structuredClone(detector.state());
      calibrations.set(config.key, state);
      return { detector, calibration: { key: config.key, state } };
    }

    /** Feeds the rows after `checkpoint` in insertion order; an as-of run sees only the rows its views show. */
    function feed(detector: OnlineDetector, model: string, columns: string[], checkpoint: number) {
      const table = quoteIdentifier(model);
      const selected = columns.map(quoteIdentifier).join(", ");
      // In an as-of run the unqualified name is the as-of view (store/asOf.ts): rows not yet arrived at T stay unseen.
      const arrived = db!.asOf === undefined ? "" : ` and id in (select id from ${table})`;
      const connection = db!.connection();
      const rows = connection
        .prepare(
          `select rowid, id, ts, ${selected} from ${storeTable(connection, model)} where rowid > ?${arrived} order by rowid`,
        )
        .raw(true)
        .iterate(checkpoint) as Iterable<unknown[]>;
      const detections: OnlineFiring[] = [];
      let latest: OnlineResult | undefined;
      let fed = 0;
      let skipped = 0;
      let last = checkpoint;
      for (const [rowid, id, ts, ...values] of rows) {
        last = rowid as number;
        const x = values.map(numeric);
        if (x.some((value) => value === undefined)) {
          skipped++;
          continue;
        }
        latest = detector.update(x as number[]);
        fed++;
        if (latest.drift) {
          const { time, distance, threshold } = latest;
          detections.push({ time, id: String(id), ts: ts as number, rowid: last, distance, threshold });
          detector.reset();
        }
      }
      return { detections, latest, fed, skipped, checkpoint: last };
    }
  };
}

/** A fresh detector of the configured kind, calibrated on the reference (the costly step). */
function calibrate({ kind, reference, detectorOptions }: OnlineConfig): OnlineDetector {
  const make = (detectors.online as unknown as Record<string, (ref: number[][], options: unknown) => OnlineDetector>)[
    kind
  ];
  if (typeof make !== "function") throw new Error(`online: the ${kind} detector is not available in this build`);
  return make(reference, detectorOptions);
}
