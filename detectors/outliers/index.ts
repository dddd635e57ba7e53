/**
 * Outlier detectors, `detectors.outliers.<name>(reference, current, options)`: each is fitted on the
 * reference, scores every current row, and flags rows above a percentile of the reference's own
 * scores, returning {scores, threshold, outlier, share} (Alibi Detect's outlier detectors' shape).
 */

export { zScore, type ZScoreResult } from "./zScore.ts";
export { iqr, type IqrResult } from "./iqr.ts";
export { mahalanobis, type MahalanobisOptions, type MahalanobisResult } from "./mahalanobis.ts";
export { isolationForest, type IsolationForestOptions, type IsolationForestResult } from "./isolationForest.ts";
export { DEFAULT_PERCENTILE, type OutlierMethod, type OutlierOptions, type OutlierResult } from "./outlierResult.ts";
