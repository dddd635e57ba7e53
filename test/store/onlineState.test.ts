/**
 * Online detectors' stored states on both engines: a production run's save replaces the state
 * of the same name, keeps only the newest MAX_FIRINGS detections, and a calibration is stored
 * once per key (the first one stays: a re-run does not recalibrate).
 */
import { describe, expect, it } from "vitest";
import {
  MAX_FIRINGS,
  readCalibration,
  readOnlineState,
  saveOnlineStates,
  type OnlineFiring,
  type OnlineSave,
} from "../../server/store/onlineState.ts";
import { ENGINES, openedDatabase } from "../helpers/engines.ts";

const firing = (time: number): OnlineFiring => ({
  time,
  id: `p${time}`,
  ts: time,
  rowid: time,
  distance: 2,
  threshold: 1,
});

const save = (overrides: Partial<OnlineSave> = {}): OnlineSave => ({
  name: "watch",
  model: "credit",
  config: "mmd:w30",
  checkpoint: 10,
  state: { window: [1, 2] },
  latest: { drift: false },
  fired: [],
  ...overrides,
});

describe.each(ENGINES)("online states on %s", (engine) => {
  const database = openedDatabase(engine, "all");

  it("replaces a workbook's named state on each save and keeps the newest detections", () => {
    expect(readOnlineState(database.db, "a.md", "watch")).toBeUndefined();
    saveOnlineStates(database.db, "a.md", [save({ latest: null })], 1);
    expect(readOnlineState(database.db, "a.md", "watch")).toEqual({
      model: "credit",
      config: "mmd:w30",
      checkpoint: 10,
      state: { window: [1, 2] },
      latest: null,
      fired: [],
    });
    const fired = Array.from({ length: MAX_FIRINGS + 5 }, (_, time) => firing(time));
    saveOnlineStates(database.db, "a.md", [save({ checkpoint: 99, config: "mmd:w40", fired })], 2);
    expect(readOnlineState(database.db, "a.md", "watch")).toMatchObject({
      checkpoint: 99,
      config: "mmd:w40",
      latest: { drift: false },
    });
    expect(readOnlineState(database.db, "a.md", "watch")!.fired).toEqual(fired.slice(5));
    expect(readOnlineState(database.db, "b.md", "watch")).toBeUndefined();
  });

  it("stores a calibration once per key", () => {
    saveOnlineStates(database.db, "a.md", [save({ calibration: { key: "k1", state: { threshold: 1 } } })], 3);
    saveOnlineStates(database.db, "b.md", [save({ calibration: { key: "k1", state: { threshold: 2 } } })], 4);
    expect(readCalibration(database.db, "k1")).toEqual({ threshold: 1 });
    expect(readCalibration(database.db, "k2")).toBeUndefined();
  });
});
