/**
 * Rebuilding a model's profiles from its rows (`driftbook profile rebuild`): for a database
 * logged before profiles were kept, or after its bucket or segments changed. The rows are read
 * by rowid ranges, a chunk per transaction, into a temporary source that readers never ask for;
 * one last transaction profiles the rows logged meanwhile and swaps it in, so readers see the
 * old profiles or the new ones, never half of them. Profiles of periods before the oldest row
 * are kept (retention deletes rows, not what they told): periods wholly before it stay as they
 * were, and the day and month it falls in also take the old buckets before it.
 */
import { decodeColumnProfile, LabelProfile } from "../../detectors/index.ts";
import { bucketStart, dayStart, monthStart, DAY_MS } from "./buckets.ts";
import { quoteIdentifier } from "./columns.ts";
import { writeTransaction, type Db } from "./db.ts";
import { readSettings, setProfilesState } from "./modelSettings.ts";
import { tableColumns } from "./tableSchema.ts";
import type { Period, ProfileDelta } from "./profileDeltas.ts";
import { deleteProfiles, PREDICTIONS_SOURCE, recordChunk, recordNewColumn, recordStoredRows } from "./profileStore.ts";
import { decodeRows, LABELS_COLUMN, ROWS_COLUMN, StoredProfiles } from "./storedProfiles.ts";

/** Where a rebuild writes until it swaps: a source no reader asks for. */
const REBUILD_SOURCE = "rebuild:predictions";

export interface RebuildResult {
  rows: number;
}

/**
 * Rebuilds `model`'s profiles; `onProgress` hears the rows done and the share of the table's
 * rowid range read. Throws when the model has no table.
 */
export function rebuildProfiles(
  db: Db,
  model: string,
  onProgress: (rows: number, share: number) => void = () => {},
): RebuildResult {
  const table = quoteIdentifier(model);
  const { first, upTo } = writeTransaction(db, () => {
    deleteProfiles(db, model, REBUILD_SOURCE); // a rebuild that died before its swap
    return db
      .prepare(`select coalesce(min(rowid), 0) as first, coalesce(max(rowid), 0) as "upTo" from ${table}`)
      .get() as {
      first: number;
      upTo: number;
    };
  });
  const columns = tableColumns(db, model);
  if (!columns) throw new Error(`no model named "${model}" with predictions`);
  const settings = readSettings(db, model);
  const stored = [...columns.values()];
  let rows = 0;
  for (let last = first - 1; last < upTo;) {
    const chunk = writeTransaction(db, () =>
      recordChunk(db, model, REBUILD_SOURCE, model, stored, settings, { after: last, upTo }),
    );
    rows += chunk.rows;
    last = chunk.lastRowid;
    onProgress(rows, upTo > first ? (last - first + 1) / (upTo - first + 1) : 1);
  }
  return writeTransaction(db, () => {
    // Rows and columns logged while the chunks were read join before the swap.
    const current = tableColumns(db, model)!;
    for (const [key, column] of current) if (!columns.has(key)) recordNewColumn(db, model, REBUILD_SOURCE, column);
    rows += recordStoredRows(db, model, REBUILD_SOURCE, model, current.values(), settings, upTo);
    swap(db, model, settings.bucketMs);
    setProfilesState(db, model, "current");
    return { rows };
  });
}

/**
 * Replaces the model's profiles with the rebuilt ones, keeping those of periods before its
 * oldest row's bucket (the cut): they hold rows deleted since (retention).
 */
function swap(db: Db, model: string, bucketMs: number): void {
  const oldest = db
    .prepare(`select min(ts) from ${quoteIdentifier(model)}`)
    .pluck()
    .get() as number | null;
  if (oldest === null) {
    // No rows left: every stored profile is of rows deleted since; keep them all.
    deleteProfiles(db, model, REBUILD_SOURCE);
    return;
  }
  const cut = bucketStart(oldest, bucketMs);
  carryOldBuckets(db, model, cut);
  // Kept: buckets, days and months that end by the cut (months before the cut's month do).
  db.prepare(
    `delete from driftbook_profiles where model = ? and source = ? and not (
       (grain = 'bucket' and start < ?) or (grain = 'day' and start + ? <= ?) or (grain = 'month' and start < ?))`,
  ).run(model, PREDICTIONS_SOURCE, cut, DAY_MS, cut, monthStart(cut));
  db.prepare("update driftbook_profiles set source = ? where model = ? and source = ?").run(
    PREDICTIONS_SOURCE,
    model,
    REBUILD_SOURCE,
  );
}

/**
 * Merges the old buckets before `cut` that fall in the cut's day or month into the rebuilt
 * profiles of that day and month, which the rows alone no longer fill.
 */
function carryOldBuckets(db: Db, model: string, cut: number): void {
  const day = dayStart(cut);
  const month = monthStart(cut);
  const old = db
    .prepare(
      `select start, column_name, data from driftbook_profiles where model = ? and source = ? and grain = 'bucket'
       and segment = '' and start >= ? and start < ? order by start`,
    )
    .raw()
    .all(model, PREDICTIONS_SOURCE, month, cut) as [number, string, Uint8Array][];
  const stored = new StoredProfiles(db, model, REBUILD_SOURCE);
  for (const [start, entries] of groupByStart(old)) {
    const periods: Period[] = [{ grain: "month", start: month }];
    if (start >= day) periods.push({ grain: "day", start: day });
    const delta: ProfileDelta = { periods, segment: "", segmentValue: "", rows: 0, columns: new Map(), labels: null };
    for (const [column, data] of entries) {
      if (column === ROWS_COLUMN) delta.rows = decodeRows(data);
      else if (column === LABELS_COLUMN) delta.labels = LabelProfile.decode(data);
      else delta.columns.set(column, decodeColumnProfile(data));
    }
    stored.merge(delta);
  }
  stored.write();
}

function groupByStart(rows: [number, string, Uint8Array][]): Map<number, [string, Uint8Array][]> {
  const groups = new Map<number, [string, Uint8Array][]>();
  for (const [start, column, data] of rows) {
    const group = groups.get(start) ?? [];
    group.push([column, data]);
    groups.set(start, group);
  }
  return groups;
}

/**
 * Marks `rebuild-needed` each model that has rows but no profiles (a database logged before
 * profiles were kept) and returns the names of every model whose profiles need a rebuild.
 */
export function markModelsWithoutProfiles(db: Db): string[] {
  const models = db.prepare("select name from driftbook_models order by name").pluck().all() as string[];
  const stale: string[] = [];
  for (const model of models) {
    const settings = readSettings(db, model);
    if (settings.profilesState === "rebuild-needed") {
      stale.push(model);
      continue;
    }
    if (!tableColumns(db, model)) continue;
    const hasRows = db.prepare(`select 1 from ${quoteIdentifier(model)} limit 1`).get() !== undefined;
    const hasProfiles =
      db
        .prepare("select 1 from driftbook_profiles where model = ? and source = ? limit 1")
        .get(model, PREDICTIONS_SOURCE) !== undefined;
    if (hasRows && !hasProfiles) {
      writeTransaction(db, () => setProfilesState(db, model, "rebuild-needed"));
      stale.push(model);
    }
  }
  return stale;
}
