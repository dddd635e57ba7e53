/**
 * Labels arriving after their predictions, in the profiles: a row's new label is added to the
 * '@labels' LabelProfile of its prediction's bucket, day and month, and of its segment values'
 * days and months; a changed label takes the old one out first. The caller only reports labels
 * that changed (labelWrites.ts), so a label sent twice counts once.
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
import { parameterList } from "./sqlLists.ts";

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
  private readonly names: string;
  /** What `rows` reads after id and ts: prediction, score, label (undefined when the table lacks one), then segment columns. */
  private readonly read: (Column | undefined)[];

  constructor(
    private readonly db: Db,
    private readonly model: string,
    columns: Map<string, Column>,
    private readonly settings: ModelSettings,
  ) {
    this.task = labelTaskOf(columns.values());
    this.stored = new StoredProfiles(db, model, PREDICTIONS_SOURCE);
    this.cap = new SegmentCap(db, model, PREDICTIONS_SOURCE, settings, "month", false);
    const segments = settings.segments.flatMap((name) => columns.get(name.toLowerCase()) ?? []);
    this.read = [...["prediction", "score", "label"].map((name) => columns.get(name)), ...segments];
    this.names = this.read.map((column) => (column ? quoteIdentifier(column.name) : "null")).join(", ");
  }

  /** The stored rows of predictions `ids` (those that exist), before their labels change. */
  rows(ids: string[]): Map<string, LabelledRow> {
    const found = this.db
      .prepare(
        `select id, ts, ${this.names} from ${quoteIdentifier(this.model)} where id in (${parameterList(ids.length)})`,
      )
      .raw()
      .all(...ids) as unknown[][];
    return new Map(found.map((values) => [values[0] as string, this.labelledRow(values)]));
  }

  /**
   * Moves `row`'s label from its stored one to `label` (the value as stored) in every profile it
   * counts in, and records it in `row`, so the same id labelled again later in the batch moves on
   * from this label.
   */
  change(row: LabelledRow, label: unknown): void {
    const profiled = label === null ? null : profiledValue(label, this.read[2]!.type);
    const task = this.task;
    const predicted = task && labelValue(row.prediction, task);
    if (task && predicted !== null) {
      const before = labelValue(row.label, task);
      const after = profiled === null ? null : labelValue(profiled, task);
      for (const profile of this.profilesOf(row, task)) {
        if (before !== null) profile.remove(predicted, before, row.score);
        if (after !== null) profile.add(predicted, after, row.score);
      }
    }
    row.label = profiled;
  }

  /** Writes the profiles changed. */
  write(): void {
    this.stored.write();
  }

  /** A row as `rows` reads it (id, ts, then `read`'s columns), as its label's profile needs it. */
  private labelledRow(values: unknown[]): LabelledRow {
    const cell = (position: number) => {
      const column = this.read[position];
      const value = values[position + 2];
      return column && value !== null ? profiledValue(value, column.type) : null;
    };
    const score = cell(1);
    return {
      ts: values[1] as number,
      prediction: cell(0),
      score: typeof score === "number" ? score : null,
      label: cell(2),
      segments: this.read.slice(3).map((column, offset) => [column!.name, cell(offset + 3)]),
    };
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
