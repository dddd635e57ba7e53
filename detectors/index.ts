/**
 * Driftbook's detector library: the statistics workbooks call as `detectors.<name>(...)`.
 * Each function's doc comment says what it computes, the reference it matches and its
 * defaults. Pure TypeScript: usable in cells, in the server and in a browser.
 */

// Shared result shapes
export type { Alternative, Approximation, Binning, Dropped, TableLike, TestResult, Values } from "./types.ts";
export { OTHER_CATEGORY } from "./types.ts";
export type { ColumnInput } from "./categorical/profileCounts.ts";

// Univariate tests on numeric samples (scipy.stats)
export { ks, type KsOptions } from "./univariate/ks.ts";
export { cramerVonMises, type CramerVonMisesOptions } from "./univariate/cramerVonMises.ts";
export { andersonDarling, type AndersonDarlingOptions } from "./univariate/andersonDarling.ts";
export { mannWhitney, type MannWhitneyOptions } from "./univariate/mannWhitney.ts";
export { energyDistance, type EnergyDistanceOptions } from "./univariate/energyDistance.ts";
export { wasserstein, type WassersteinOptions } from "./univariate/wasserstein.ts";
export { tTest, type TTestOptions } from "./univariate/tTest.ts";

// Categorical tests
export { chiSquare, type ChiSquareOptions, type ChiSquareResult } from "./categorical/chiSquare.ts";
export { fisherExact, type FisherExactOptions, type FisherExactResult } from "./categorical/fisherExact.ts";
export { zTest, type ZTestOptions } from "./categorical/zTest.ts";
export {
  chiSquareGoodnessOfFit,
  type ChiSquareGoodnessOfFitOptions,
  type ChiSquareGoodnessOfFitResult,
} from "./categorical/chiSquareGoodnessOfFit.ts";

// Distances between binned distributions (Evidently's binning)
export { psi } from "./distance/psi.ts";
export { kl } from "./distance/kl.ts";
export { jensenShannon } from "./distance/jensenShannon.ts";
export { hellinger } from "./distance/hellinger.ts";
export { tvd, type TvdOptions } from "./distance/tvd.ts";
export type { ColumnType, DistanceOptions } from "./distance/bins.ts";

// Whole tables: per-column drift as Evidently's data-drift preset (also per segment), and data quality
export {
  tabularDrift,
  type SegmentDrift,
  type SegmentDriftResult,
  type SegmentWindow,
  type FeatureDrift,
  type FeatureStatus,
  type TableInput,
  type TabularDriftOptions,
  type TabularDriftResult,
  type TabularMethod,
} from "./tabular/tabularDrift.ts";
export {
  autoSelect,
  defaultTest,
  inferColumnType,
  type AutoSelectOptions,
  type AutoTest,
  type DefaultTestInput,
  type InferredColumnType,
} from "./tabular/autoSelect.ts";
export {
  dataQuality,
  ROLE_CHECKS,
  type ColumnQuality,
  type CountShare,
  type DataQualityOptions,
  type DataQualityResult,
  type RoleChecks,
} from "./tabular/dataQuality.ts";
export { columnRole, type ColumnRole } from "./tabular/roles.ts";
export type { CategoryCount } from "./tabular/categoryChanges.ts";
export type { TestName } from "./tabular/methods.ts";

// Multivariate and model-based drift (Alibi Detect's definitions)
export { mmd, type KernelTestResult, type MmdOptions, type Rows } from "./multivariate/mmd.ts";
export { lsdd, type LsddOptions, type LsddResult } from "./multivariate/lsdd.ts";
// Embeddings: vectors logged as vector features (arrays of Float32Array), reduced or made from text (issue 21)
export { project, type ProjectOptions, type Projection } from "./embeddings/project.ts";
export { hashEmbedding, type HashEmbeddingOptions } from "./embeddings/hashEmbedding.ts";
export {
  learnedKernelMmd,
  type LearnedKernelMmdOptions,
  type LearnedKernelMmdResult,
} from "./multivariate/learnedKernelMmd.ts";
export {
  classifierDrift,
  type ClassifierDriftOptions,
  type DomainClassifierResult,
} from "./multivariate/classifierDrift.ts";
export { spotTheDiff, type SpotTheDiffOptions, type SpotTheDiffResult } from "./multivariate/spotTheDiff.ts";
export {
  classifierUncertaintyDrift,
  regressorUncertaintyDrift,
  type ClassifierUncertaintyOptions,
  type RegressorUncertaintyOptions,
  type UncertaintyResult,
} from "./model/uncertainty.ts";

// Multiple testing
export { correct, type CorrectOptions, type Correction, type CorrectionMethod } from "./correct.ts";

// Model metrics (scikit-learn's definitions)
export {
  classificationMetrics,
  type ClassificationMetrics,
  type ClassificationOptions,
  type ConfusionMatrix,
  type Label,
} from "./metrics/classification.ts";
export { regressionMetrics, type RegressionMetrics } from "./metrics/regression.ts";

// Chunks and per-chunk performance (issue 22): NannyML's chunking, thresholds and per-chunk entries
export { chunkRows, tableChunks, type Chunk, type ChunkOptions, type Incomplete } from "./chunks/chunks.ts";
export { type Bounds, type ChunkMetric } from "./chunks/chunkMetric.ts";
export { type ThresholdOptions } from "./performance/thresholds.ts";
export { cbpe, type CbpeOptions, type CbpeResult } from "./performance/cbpe.ts";
export { CBPE_METRICS, type CbpeMetric } from "./performance/cbpeMetrics.ts";

// Direct loss estimation (NannyML's DLE): regression errors per chunk without labels
export { dle, type DleOptions, type DleResult } from "./performance/dle.ts";
export { DLE_METRICS, type DleMetric } from "./performance/dleMetrics.ts";

// Sketches and mergeable profiles: what the store keeps per time bucket (issue 18)
export { KllSketch, KLL_DEFAULT_K, type SortedView } from "./sketches/kll.ts";
export { FrequentItems, FREQUENT_ITEMS_DEFAULT_CAPACITY } from "./sketches/frequentItems.ts";
export {
  NumericProfile,
  PROFILE_QUANTILES,
  type NumericProfileJson,
  type ProfileQuantiles,
} from "./profiles/numeric.ts";
export { CategoricalProfile, CATEGORICAL_DEFAULT_CAP, type CategoricalProfileJson } from "./profiles/categorical.ts";
export { LabelProfile, SCORE_BINS, type LabelProfileJson, type LabelTask } from "./profiles/labels.ts";
export {
  Profile,
  profileOf,
  decodeColumnProfile,
  type ColumnProfile,
  type ColumnProfileJson,
  type ProfileJson,
} from "./profiles/profile.ts";

// Outliers, row by row: fitted on the reference, threshold from a reference percentile (issue 22)
export * as outliers from "./outliers/index.ts";

// Concept drift once labels arrive: error-stream detectors and the per-chunk test (issue 22)
export * as concept from "./concept/concept.ts";

// Online drift: calibrated once on a reference, then updated one instance at a time (issue 21)
export * as online from "./online/index.ts";
