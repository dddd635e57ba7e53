/**
 * Concept drift — the relation between inputs and outcome changing — once labels arrive: the
 * public surface exported as `detectors.concept`. Error-stream detectors (DDM, EDDM, Page–Hinkley,
 * ADWIN) with thresholds calibrated by simulation on the reference, and the per-chunk test of realized
 * performance against the reference (fixed level per chunk, or LORD++).
 */

export type { ConceptDriftOptions, ConceptDriftResult, ConceptMethod } from "./detect.ts";
export type { Calibration, CalibrationOptions } from "./calibrate.ts";
export type { ErrorInput, ErrorTask } from "./errorStream.ts";
export { ddm, type DdmOptions } from "./ddm.ts";
export { eddm, type EddmOptions } from "./eddm.ts";
export { pageHinkley, type PageHinkleyOptions } from "./pageHinkley.ts";
export { adwin, type AdwinOptions } from "./adwin.ts";
export {
  realizedPerformance,
  type RealizedChunk,
  type RealizedPerformanceOptions,
  type RealizedPerformanceResult,
  type SkippedChunk,
} from "./realizedPerformance.ts";
export type { ProfileInterval } from "./realizedInputs.ts";
export type { BootstrapMetric, ProportionMetric, RealizedMetric } from "./realizedMetrics.ts";
export { lordLevels } from "./lord.ts";
