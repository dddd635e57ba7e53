/**
 * Ground truth that arrives after its predictions, matched by prediction id, inside the store's
 * write transaction (PredictionStore.attachLabels). Labels are handled a chunk at a time: one
 * query finds which ids are stored and their current labels, one reads the rows their profiles
 * need, and one statement updates the labels that changed. On SQLite a statement per label cost
 * little; on PostgreSQL each statement is a round trip, which made 10k labels take 7.6 s.
 * Only a matched label adds or types the `label` column: labels for ids not stored (yet) leave
 * the schema as it was.
 */
import { LABEL_INGESTED_AT, quoteIdentifier, storedValue, type Column, type ColumnType } from "./columns.ts";
import type { Db } from "./connection.ts";
import type { LabelInput } from "../ingest/types.ts";
import { LabelProfileUpdates } from "./labelProfiles.ts";
import { readSettings } from "./modelSettings.ts";
import type { ModelTables } from "./modelTables.ts";
import { parameterList } from "./sqlLists.ts";

/** Labels read, compared and written per chunk: a few round trips each, far below either engine's parameter limit. */
const LABELS_PER_CHUNK = 1000;

/** The type a label is cast to in the update, which both engines take (SQLite by the name's affinity). */
const CAST: Record<string, string> = { REAL: "double precision", INTEGER: "bigint", TEXT: "text" };

export interface LabelResult {
  matched: number;
  unmatched: number;
  /** Up to 100 of the ids that matched no prediction. */
  unmatchedIds: string[];
}

export interface LabelWrite {
  db: Db;
  tables: ModelTables;
  model: string;
  /** The model table's columns (a new `label` column is added to it). */
  columns: Map<string, Column>;
  /** Whether the model's profiles are kept (store.ts). */
  profiles: boolean;
  now: number;
}

/** Stores `labels`; `changed` says whether any stored label (or the schema) changed. */
export function writeLabels(write: LabelWrite, labels: LabelInput[]): LabelResult & { changed: boolean } {
  const { db, tables, model, columns, now } = write;
  const table = quoteIdentifier(model);
  let labelType = columns.get("label")?.type;
  let profiles: LabelProfileUpdates | undefined;
  const result = { matched: 0, unmatched: 0, unmatchedIds: [] as string[], changed: false };
  for (let first = 0; first < labels.length; first += LABELS_PER_CHUNK) {
    const chunk = labels.slice(first, first + LABELS_PER_CHUNK);
    const ids = [...new Set(chunk.map((item) => item.id))];
    const current = new Map(
      db
        .prepare(`select id, ${labelType ? "label" : "null"} from ${table} where id in (${parameterList(ids.length)})`)
        .raw()
        .all(...ids) as [string, unknown][],
    );
    if (!labelType) {
      const firstLabelled = chunk.find((item) => item.label !== null && current.has(item.id));
      if (firstLabelled) {
        const referenceType = tables.columnsOf(`${model}_reference`)?.get("label")?.type;
        const value = { row: firstLabelled.row, value: firstLabelled.label };
        labelType = tables.ensureColumn(model, columns, "label", value, referenceType)!;
        result.changed = true;
      }
    }
    if (labelType && write.profiles) profiles ??= new LabelProfileUpdates(db, model, columns, readSettings(db, model));
    const rows = profiles?.rows(ids);
    const updates = new Map<string, unknown>();
    for (const item of chunk) {
      if (!current.has(item.id)) {
        if (++result.unmatched <= 100) result.unmatchedIds.push(item.id);
        continue;
      }
      result.matched++;
      if (!labelType) continue; // no label column yet, and this label is null: the row has none already
      const value = storedValue(item.label, labelType, item.row, "label");
      if (current.get(item.id) === value) continue;
      const row = rows?.get(item.id);
      if (row) profiles!.change(row, value);
      current.set(item.id, value);
      updates.set(item.id, value);
    }
    if (updates.size > 0) {
      updateLabels(db, table, labelType!, updates, now);
      result.changed = true;
    }
  }
  profiles?.write();
  return result;
}

/** Sets each id's label in one statement, with the time it arrived. */
function updateLabels(db: Db, table: string, type: ColumnType, labels: Map<string, unknown>, now: number): void {
  const cast = CAST[type];
  if (!cast) throw new Error(`a label column cannot be ${type}`);
  const cases = Array.from(labels.keys(), () => `when ? then cast(? as ${cast})`).join(" ");
  db.prepare(
    `update ${table} set label = case id ${cases} end, ${LABEL_INGESTED_AT} = ? where id in (${parameterList(labels.size)})`,
  ).run(...[...labels].flat(), now, ...labels.keys());
}
