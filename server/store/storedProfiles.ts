/**
 * The rows of driftbook_profiles one write transaction touches (profileStore.ts writes through
 * it, labelProfiles.ts and profileRebuild.ts too): each stored profile decoded on first use,
 * merged with every delta for it, and encoded and written once at the end, so a batch never
 * decodes or writes a profile per row.
 */
import type { Statement } from "./connection.ts";
import { CategoricalProfile, LabelProfile, NumericProfile, type ColumnProfile } from "../../detectors/index.ts";
import type { Grain } from "./buckets.ts";
import type { Db } from "./db.ts";
import type { LabelTask, Period, ProfileDelta } from "./profileDeltas.ts";

/** The pseudo-columns: a period's row count (8 bytes, float64 little-endian) and its LabelProfile. */
export const ROWS_COLUMN = "@rows";
export const LABELS_COLUMN = "@labels";

export function encodeRows(rows: number): Uint8Array {
  const bytes = new Uint8Array(8);
  new DataView(bytes.buffer).setFloat64(0, rows, true);
  return bytes;
}

export function decodeRows(bytes: Uint8Array): number {
  return new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength).getFloat64(0, true);
}

type Stored =
  | { kind: "rows"; rows: number }
  | { kind: "column"; profile: ColumnProfile }
  | { kind: "labels"; profile: LabelProfile };

interface Entry {
  grain: Grain;
  start: number;
  segment: string;
  segmentValue: string;
  column: string;
  value: Stored;
}

/**
 * The statements StoredProfiles runs, prepared once per database rather than per batch (a batch
 * runs each a few times; preparing parses and plans the SQL again).
 */
function statementsOf(db: Db) {
  let statements = preparedStatements.get(db);
  if (!statements) {
    statements = {
      one: db
        .prepare(
          `select data from driftbook_profiles where model = ? and source = ? and grain = ? and start = ?
           and segment = ? and segment_value = ? and column_name = ?`,
        )
        .pluck(),
      period: db
        .prepare(
          `select column_name, data from driftbook_profiles where model = ? and source = ? and grain = ? and start = ?
           and segment = ? and segment_value = ?`,
        )
        .raw(),
      upserts: new Map<number, Statement>(),
    };
    preparedStatements.set(db, statements);
  }
  return statements;
}
const preparedStatements = new WeakMap<Db, { one: Statement; period: Statement; upserts: Map<number, Statement> }>();

/**
 * Profiles written per statement: a batch touches tens to hundreds (columns × periods ×
 * segment values), and on PostgreSQL each statement is a round trip.
 */
const UPSERT_ROWS = 64;

/** The upsert of `rows` profiles at once, prepared once per database and row count. */
function upsertOf(db: Db, upserts: Map<number, Statement>, rows: number): Statement {
  let upsert = upserts.get(rows);
  if (!upsert) {
    upsert = db.prepare(
      `insert into driftbook_profiles (model, source, grain, start, segment, segment_value, column_name, data)
       values ${Array.from({ length: rows }, () => "(?, ?, ?, ?, ?, ?, ?, ?)").join(", ")}
       on conflict (model, source, grain, start, segment, segment_value, column_name) do update set data = excluded.data`,
    );
    upserts.set(rows, upsert);
  }
  return upsert;
}

type At = Period & { segment: string; segmentValue: string };

/**
 * The stored profiles one transaction touches, each decoded once and written once (write). A
 * delta touches every column of its periods, so `merge` reads each period in one query; a label
 * touches one profile of a period, which `labels` reads alone.
 */
export class StoredProfiles {
  private readonly entries = new Map<string, Entry>();
  /** The stored bytes of each period read, by column. */
  private readonly periods = new Map<string, Map<string, Uint8Array>>();
  private readonly statements;

  constructor(
    private readonly db: Db,
    private readonly model: string,
    private readonly source: string,
  ) {
    this.statements = statementsOf(db);
  }

  /** Merges `delta` into the stored profiles of each of its periods. */
  merge(delta: ProfileDelta): void {
    for (const period of delta.periods) {
      const at = { ...period, segment: delta.segment, segmentValue: delta.segmentValue };
      this.readPeriod(at);
      const rows = this.entry(
        at,
        ROWS_COLUMN,
        () => ({ kind: "rows", rows: 0 }),
        (data) => ({ kind: "rows", rows: decodeRows(data) }),
      );
      if (rows.kind === "rows") rows.rows += delta.rows;
      for (const [name, profile] of delta.columns) {
        const decode = profile.type === "numeric" ? NumericProfile.decode : CategoricalProfile.decode;
        const fresh = () =>
          ({
            kind: "column",
            profile: profile.type === "numeric" ? new NumericProfile() : new CategoricalProfile(),
          }) as Stored;
        const stored = this.entry(at, name, fresh, (data) => ({ kind: "column", profile: decode(data) }));
        if (stored.kind === "column") (stored.profile as ColumnProfile).merge(profile as never);
      }
      if (delta.labels) this.labels(at, delta.labels.task).merge(delta.labels);
    }
  }

  /** The LabelProfile stored for a period and segment value (a new one of `task` when none is). */
  labels(at: At, task: LabelTask): LabelProfile {
    const stored = this.entry(
      at,
      LABELS_COLUMN,
      () => ({ kind: "labels", profile: new LabelProfile(task) }),
      (data) => ({ kind: "labels", profile: LabelProfile.decode(data) }),
    );
    if (stored.kind !== "labels") throw new Error(`${LABELS_COLUMN} holds ${stored.kind}`);
    return stored.profile;
  }

  /** Writes every profile touched, UPSERT_ROWS to a statement (each profile is one row: no key twice in one). */
  write(): void {
    const entries = [...this.entries.values()];
    for (let first = 0; first < entries.length; first += UPSERT_ROWS) {
      const chunk = entries.slice(first, first + UPSERT_ROWS);
      const values = chunk.flatMap(({ grain, start, segment, segmentValue, column, value }) => [
        this.model,
        this.source,
        grain,
        start,
        segment,
        segmentValue,
        column,
        value.kind === "rows" ? encodeRows(value.rows) : value.profile.encode(),
      ]);
      upsertOf(this.db, this.statements.upserts, chunk.length).run(...values);
    }
    this.entries.clear();
    this.periods.clear();
  }

  private entry(at: At, column: string, fresh: () => Stored, decode: (data: Uint8Array) => Stored): Stored {
    const period = periodKey(at);
    const key = `${period}\t${column}`;
    let entry = this.entries.get(key);
    if (!entry) {
      const read = this.periods.get(period);
      const data = read ? read.get(column) : this.readOne(at, column);
      entry = {
        grain: at.grain,
        start: at.start,
        segment: at.segment,
        segmentValue: at.segmentValue,
        column,
        value: data ? decode(data) : fresh(),
      };
      this.entries.set(key, entry);
    }
    return entry.value;
  }

  /** Reads every stored profile of the period at `at`, unless it was read already. */
  private readPeriod(at: At): void {
    const key = periodKey(at);
    if (this.periods.has(key)) return;
    const rows = this.statements.period.all(this.model, this.source, at.grain, at.start, at.segment, at.segmentValue);
    this.periods.set(key, new Map(rows as [string, Uint8Array][]));
  }

  private readOne(at: At, column: string): Uint8Array | undefined {
    const { grain, start, segment, segmentValue } = at;
    return this.statements.one.get(this.model, this.source, grain, start, segment, segmentValue, column) as
      Uint8Array | undefined;
  }
}

function periodKey(at: At): string {
  return `${at.grain}\t${at.start}\t${at.segment}\t${at.segmentValue}`;
}
