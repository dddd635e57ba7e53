/**
 * As-of reads (issue 19): the data as it was at a past moment T, made on a cell's read-only
 * connection with `temp` views that shadow the store's tables, so any SQL a workbook already has
 * time-travels unchanged. SQLite's `temp` schema stays writable on a read-only connection, and an
 * unqualified name resolves `temp` before `main` (https://www.sqlite.org/lang_naming.html). The
 * views are simple selects, which SQLite flattens into the query that reads them
 * (https://www.sqlite.org/optoverview.html#flattening), so `where ts >= ?` still uses the ts index.
 *
 * - A model's table shows the rows with `ts <= T` that had arrived by T (`ingested_at`; rows
 *   stored before it was kept count as arrived at their ts). Its label shows only once it had
 *   arrived: `label_ingested_at <= T`, or for a label stored before that was kept, at its ts plus
 *   the model's median label delay (0 when no label says when it came).
 * - A reference set's name shows the version in force at T, or no rows when none was.
 * - `driftbook_metric_points` shows the points recorded by T.
 *
 * PostgreSQL has session-local temporary views too, in a `pg_temp` schema it searches before
 * the store's (https://www.postgresql.org/docs/current/sql-createview.html), so the same views
 * work there; schemaNames.ts names the tables beneath them on either engine.
 */
import { engineOf, type Db } from "./connection.ts";
import { INGESTED_AT, LABEL_INGESTED_AT, quoteIdentifier } from "./columns.ts";
import { ROWID, tableColumns } from "./tableSchema.ts";
import { isInForce, referenceTable, referenceVersions } from "./references.ts";
import { dropTemporaryView, storeTable, temporaryViews } from "./schemaNames.ts";

const LABEL = "label";
const METRIC_POINTS = "driftbook_metric_points";

/** Replaces the connection's as-of views with views of the data as it was at `at` (epoch ms). */
export function shadowAsOf(db: Db, at: number): void {
  if (!Number.isSafeInteger(at)) throw new Error(`as of: ${String(at)} is not a time in epoch milliseconds`);
  db.transaction(() => {
    // Dropped first, so the tables' columns are read from the tables, not from the old views.
    dropViews(db);
    const views = new Map<string, string>();
    const models = db.prepare("select name, version from driftbook_models order by name").all() as ModelRow[];
    for (const model of models) {
      const select = modelSelect(db, model, at);
      if (select) views.set(model.name, select);
      for (const [table, select] of referenceSelects(db, model.name, at)) views.set(table, select);
    }
    views.set(METRIC_POINTS, `select * from ${storeTable(db, METRIC_POINTS)} where at <= ${at}`);
    db.exec([...views].map(([name, select]) => `create temp view ${quoteIdentifier(name)} as ${select};`).join("\n"));
  })();
}

/** Drops the as-of views: the connection reads the data as it is now. */
export function clearAsOf(db: Db): void {
  db.transaction(() => dropViews(db))();
}

interface ModelRow {
  name: string;
  version: number;
}

/** The model table's rows as at `at`, same columns in the same order; undefined before it has a table. */
function modelSelect(db: Db, model: ModelRow, at: number): string | undefined {
  const columns = tableColumns(db, model.name);
  if (!columns) return undefined;
  const hasLabelIngestedAt = columns.has(LABEL_INGESTED_AT);
  // PostgreSQL's model tables number their rows in an explicit first column (SQLite's rowid is implicit): `select *` shows it.
  const explicitRowid = engineOf(db) === "postgres" ? [ROWID] : [];
  const shown = [...columns.values()].map(({ name }) => {
    const quoted = quoteIdentifier(name);
    const lower = name.toLowerCase();
    if (lower === LABEL) {
      const byDelay = `ts + ${medianLabelDelay(db, model, hasLabelIngestedAt)} <= ${at}`;
      const arrived = hasLabelIngestedAt
        ? `${LABEL_INGESTED_AT} <= ${at} or (${LABEL_INGESTED_AT} is null and ${byDelay})`
        : byDelay;
      return `case when ${arrived} then ${quoted} end as ${quoted}`;
    }
    if (lower === LABEL_INGESTED_AT) return `case when ${quoted} <= ${at} then ${quoted} end as ${quoted}`;
    return quoted;
  });
  const arrived = columns.has(INGESTED_AT) ? ` and coalesce(${INGESTED_AT}, ts) <= ${at}` : "";
  return `select ${[...explicitRowid, ...shown].join(", ")} from ${storeTable(db, model.name)} where ts <= ${at}${arrived}`;
}

/** Median label delays by connection and model, measured once per data version of the model. */
const delays = new WeakMap<Db, Map<string, { version: number; delay: number }>>();

/**
 * The median of `label_ingested_at - ts` over the labels that have both (ms; 0 when none does):
 * when a label stored before label_ingested_at was kept counts as arrived. Measured (one sort of
 * the labelled rows, ~0.5 s per million) only when the table holds such labels.
 */
function medianLabelDelay(db: Db, model: ModelRow, hasLabelIngestedAt: boolean): number {
  const known = delays.get(db) ?? new Map<string, { version: number; delay: number }>();
  delays.set(db, known);
  const cached = known.get(model.name);
  if (cached?.version === model.version) return cached.delay;
  const table = storeTable(db, model.name);
  let delay = 0;
  const unstamped = `select 1 from ${table} where ${LABEL} is not null and ${LABEL_INGESTED_AT} is null limit 1`;
  if (hasLabelIngestedAt && db.prepare(unstamped).get() !== undefined) {
    const measured = `from ${table} where ${LABEL_INGESTED_AT} is not null`;
    const count = db.prepare(`select count(*) ${measured}`).pluck().get() as number;
    if (count > 0) {
      // The middle delay, or the mean of the two middle ones for an even count.
      const middle = db
        .prepare(`select ${LABEL_INGESTED_AT} - ts as delay ${measured} order by delay limit ? offset ?`)
        .pluck()
        .all(2 - (count % 2), Math.floor((count - 1) / 2)) as number[];
      delay = Math.round(middle.reduce((sum, value) => sum + value, 0) / middle.length);
    }
  }
  known.set(model.name, { version: model.version, delay });
  return delay;
}

/** Each reference set's table name → a select of the version in force at `at` (no rows when none was). */
function referenceSelects(db: Db, model: string, at: number): Map<string, string> {
  const versions = referenceVersions(db, model);
  const selects = new Map<string, string>();
  for (const name of new Set(versions.map((version) => version.name))) {
    const table = referenceTable(model, name);
    const inForce = versions.find((version) => version.name === name && isInForce(version, at));
    if (inForce) selects.set(table, `select * from ${storeTable(db, inForce.table)}`);
    else if (tableColumns(db, table)) selects.set(table, `select * from ${storeTable(db, table)} where 1 = 0`);
  }
  return selects;
}

/** Only as-of views live in a cell connection's `temp` schema: cells can run nothing but reads. */
function dropViews(db: Db): void {
  for (const view of temporaryViews(db)) dropTemporaryView(db, view);
}
