/**
 * Online drift detectors, `detectors.online.<name>(reference, options)` (issue 21): calibrated on a
 * reference for an expected run time without drift (`ert`), then `update(x)` one instance at a time;
 * `state()` / `online.restore(state)` carry one across runs. Alibi Detect 0.12's online detectors.
 */

export { mmd, type OnlineMmdOptions } from "./mmd.ts";
export { lsdd, type OnlineLsddOptions } from "./lsdd.ts";
export { cvm, type OnlineCvmOptions } from "./cvm.ts";
export { fet, type OnlineFetOptions } from "./fet.ts";
export { restore } from "./restore.ts";
export type { WindowedResult } from "./windows.ts";
export type { OnlineDetector, OnlineInstance, OnlineKind, OnlineResult, OnlineState } from "./types.ts";
