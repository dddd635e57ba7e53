/**
 * A drift report as a tabularDrift result travels on the wire: a drifted categorical feature with
 * a new category whose name is markup and a missing one, and an insufficient feature. Both
 * renderers (server/render/outputs.ts and client/outputs/drift.ts) are tested on it.
 */
import type { DriftOutput } from "../../server/protocol/index.ts";

export const MARKUP_CATEGORY = "<img src=x onerror=alert(1)>";

export const REPORT_WITH_NOTES: DriftOutput = {
  kind: "drift",
  method: "auto",
  features: [
    {
      feature: "purpose",
      method: "chiSquareGoodnessOfFit",
      status: "drifted",
      statistic: null,
      pValue: 0,
      threshold: 0.05,
      drift: true,
      referenceRows: 5000,
      currentRows: 1500,
      newCategories: { categories: [{ category: MARKUP_CATEGORY, count: 5 }], distinct: 1 },
      missingCategories: { categories: [{ category: "boat", count: 20 }], distinct: 1 },
    },
    {
      feature: "income",
      method: "skipped",
      status: "insufficient",
      statistic: null,
      pValue: null,
      threshold: null,
      drift: false,
      referenceRows: 5000,
      currentRows: 12,
      reason: "12 current values, fewer than minRows (30): too few to judge drift",
    },
  ],
  share: 1,
  tested: 1,
  drift: true,
  referenceRows: 5000,
  currentRows: 1500,
};

/** REPORT_WITH_NOTES's verdict, and what follows it on the verdict line. */
export const REPORT_WITH_NOTES_VERDICT = {
  verdict: "drift detected",
  share: " — 100% of 1 feature drifted; 1 with too few values (5,000 reference rows, 1,500 current)",
};
