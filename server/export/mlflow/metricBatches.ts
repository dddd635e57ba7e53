/**
 * Driftbook metric points as MLflow metrics, cut into `runs/log-batch` requests. Each Driftbook
 * run is one step (its run id) at the point's time, so MLflow plots a series over runs. Labels
 * become part of the key, `name/label/value` in label order (MLflow's UI groups keys by the part
 * before "/"); characters MLflow refuses in a key become "_", and so does a part that would not
 * be a normalized path segment ("", ".", "..": MLflow requires `normpath(key) == key`). Limits from MLflow's REST API
 * (https://mlflow.org/docs/latest/rest-api.html#log-batch) and mlflow/utils/validation.py.
 */
import type { StoredMetricPoint } from "../../runs/store.ts";
import type { MlflowMetric } from "./client.ts";

/** runs/log-batch takes at most 1000 metrics per request (and 1000 entities in all). */
export const MAX_METRICS_PER_BATCH = 1000;

/** MLflow's longest metric key. */
const MAX_KEY_LENGTH = 250;

/** What MLflow accepts in a metric key: letters, digits, `_`, `-`, `.`, ` ` and `/`. */
const REFUSED_IN_KEY = /[^\w.\- /]/g;

export function metricKey(point: Pick<StoredMetricPoint, "name" | "labels">): string {
  const labels = Object.entries(point.labels)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .flatMap(([key, value]) => [key, value].map(keyPart));
  return [point.name, ...labels].join("/").slice(0, MAX_KEY_LENGTH);
}

function keyPart(text: string): string {
  const part = text.replace(REFUSED_IN_KEY, "_").replaceAll("/", "_");
  return part === "" || part === "." || part === ".." ? "_" : part;
}

/** The points as metrics, in the order given, cut into batches of at most `size` each, each with the id of its last point. */
export function metricBatches(
  points: StoredMetricPoint[],
  size = MAX_METRICS_PER_BATCH,
): Array<{ metrics: MlflowMetric[]; lastPointId: number }> {
  const batches = [];
  for (let start = 0; start < points.length; start += size) {
    const slice = points.slice(start, start + size);
    batches.push({
      metrics: slice.map((point) => ({
        key: metricKey(point),
        value: point.value,
        timestamp: point.at,
        step: point.run,
      })),
      lastPointId: slice[slice.length - 1]!.id,
    });
  }
  return batches;
}
