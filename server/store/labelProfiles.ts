/**
 * Labels arriving after their predictions, in the profiles: a row's new label is added to the
 * '@labels' LabelProfile of its prediction's bucket, day and month, and of its segment values'
 * days and months; a changed label takes the old one out first. The caller only reports labels
 * that changed (store.attachLabels), so a label sent twice counts once.
 */
import type { LabelProfile } from "../../detectors/index.ts";
import { bucketStart, dayStart, monthStart } from "./buckets.ts";
import { quoteIdentifier, type Column } from "./columns.ts";
import type { Db } from "./db.ts";
import type { ModelSettings } from "./modelSettings.ts";
import { labelTaskOf, labelValue, SEGMENT_MISSING, type LabelTask, type Period } from "./profileDeltas.ts";
import { profiledValue } from "./profiledRows.ts";
import { PREDICTIONS_SOURCE, SegmentCap } from "./profileStore.ts";
import { StoredProfiles } from "./storedProfiles.ts";

/** A stored prediction as its label's profile needs it. */
export interface LabelledRow {
  ts: number;
  prediction: number | string | null;
  score: number | null;
  label: number | string | null;
  /** The row's value of each segment column the table has, as profiled. */
  segments: [column: string, value: number | string | null][];
}

export class LabelProfileUpdates {
  private readonly task: LabelTask | null;
  private readonly stored: StoredProfiles;
  private readonly cap: SegmentCap;
  private readonly select;
  /** What `select` reads after ts: prediction, score, label (undefined when the table lacks one), then segment columns. */
  private readonly read: (Column | undefined)[];

  constructor(
    db: Db,
    model: string,
    columns: Map<string, Column>,
    private readonly settings: ModelSettings,
  ) {
    this.task = labelTaskOf(columns.values());
    this.stored = new StoredProfiles(db, model, PREDICTIONS_SOURCE);
    this.cap = new SegmentCap(db, model, PREDICTIONS_SOURCE, settings, "month", false);
    const segments = settings.segments.flatMap((name) => columns.get(name.toLowerCase()) ?? []);
    this.read = [...["prediction", "score", "label"].map((name) => columns.get(name)), ...segments];
    const names = this.read.map((column) => (column ? quoteIdentifier(column.name) : "null")).join(", ");
    this.select = db.prepare(`select ts, ${names} from ${quoteIdentifier(model)} where id = ?`).raw();
  }

  /** The stored row of prediction `id`, before its label changes. */
  row(id: string): LabelledRow | undefined {
    const values = this.select.get(id) as unknown[] | undefined;
    if (!values) return undefined;
    const cell = (position: number) => {
      const column = this.read[position];
      const value = values[position + 1];
      return column && value !== null ? profiledValue(value, column.type) : null;
    };
    const score = cell(1);
    return {
      ts: values[0] as number,
      prediction: cell(0),
      score: typeof score === "number" ? score : null,
      label: cell(2),
      segments: this.read.slice(3).map((column, offset) => [column!.name, cell(offset + 3)]),
    };
  }

  /** Moves `row`'s label from its stored one to `label` (the value as stored) in every profile it counts in. */
  change(row: LabelledRow, label: unknown): void {
    const task = this.task;
    const predicted = task && labelValue(row.prediction, task);
    if (!task || predicted === null) return;
    const before = labelValue(row.label, task);
    const after = label === null ? null : labelValue(profiledValue(label, this.read[2]!.type), task);
    for (const profile of this.profilesOf(row, task)) {
      if (before !== null) profile.remove(predicted, before, row.score);
      if (after !== null) profile.add(predicted, after, row.score);
    }
  }

  /** Writes the profiles changed. */
  write(): void {
    this.stored.write();
  }

  private profilesOf(row: LabelledRow, task: LabelTask): LabelProfile[] {
    const day = dayStart(row.ts);
    const month = monthStart(row.ts);
    const overall: Period[] = [
      { grain: "bucket", start: bucketStart(row.ts, this.settings.bucketMs) },
      { grain: "day", start: day },
      { grain: "month", start: month },
    ];
    const profiles = overall.map((period) => this.stored.labels({ ...period, segment: "", segmentValue: "" }, task));
    for (const [segment, value] of row.segments) {
      const segmentValue = this.cap.assign(segment, value === null ? SEGMENT_MISSING : String(value));
      for (const period of [
        { grain: "day", start: day },
        { grain: "month", start: month },
      ] as Period[]) {
        profiles.push(this.stored.labels({ ...period, segment, segmentValue }, task));
      }
    }
    return profiles;
  }
}
