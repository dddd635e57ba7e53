/**
 * A PostgreSQL connection with the store's interface (connection.ts), over a synchronous
 * client (syncClient.ts). Statements are translated once for their parameter markers
 * (placeholders.ts); rows come back as better-sqlite3 gives them: objects, or arrays when
 * `raw`, or first values when `pluck`, with bytea as Buffers and bigints as numbers. Nested
 * transactions become savepoints, as better-sqlite3's do.
 */
import {
  POSTGRES,
  type ColumnDescription,
  type Db,
  type RunResult,
  type Statement,
  type Transaction,
} from "../connection.ts";
import { bindValues, translatePlaceholders, type Placeholders } from "./placeholders.ts";
import { SyncClient, type PgField, type PgResult } from "./syncClient.ts";

/** Type oids (pg_type) the store's columns use, by the names SQL writes them in. */
const TYPE_NAMES = new Map<number, string>([
  [16, "boolean"],
  [17, "bytea"],
  [20, "bigint"],
  [21, "smallint"],
  [23, "integer"],
  [25, "text"],
  [700, "real"],
  [701, "double precision"],
  [1043, "varchar"],
  [1082, "date"],
  [1114, "timestamp"],
  [1184, "timestamptz"],
  [1700, "numeric"],
  [3802, "jsonb"],
]);
const BYTEA = 17;

/** Statements that give rows: a query, or a write with `returning`. */
const READER = /^\s*(?:(?:--[^\n]*\n|\/\*[\s\S]*?\*\/)\s*)*(?:select|with|values|table|show|explain)\b|\breturning\b/i;

export class PgDb implements Db {
  readonly [POSTGRES] = true;
  private depth = 0;

  constructor(readonly client: SyncClient) {}

  static open(url: string, options?: ConstructorParameters<typeof SyncClient>[1]): PgDb {
    return new PgDb(new SyncClient(url, options));
  }

  prepare(source: string): Statement {
    return new PgStatement(this.client, source);
  }

  exec(source: string): this {
    this.client.query(source);
    return this;
  }

  transaction<F extends (...args: never[]) => unknown>(fn: F): Transaction<F> {
    const run = (...args: Parameters<F>): ReturnType<F> => {
      const savepoint = this.depth > 0 ? `driftbook_${this.depth}` : undefined;
      this.client.query(savepoint ? `savepoint ${savepoint}` : "begin");
      this.depth++;
      try {
        const result = fn(...args) as ReturnType<F>;
        this.client.query(savepoint ? `release savepoint ${savepoint}` : "commit");
        return result;
      } catch (error) {
        try {
          this.client.query(savepoint ? `rollback to savepoint ${savepoint}` : "rollback");
        } catch {
          // The connection broke: PostgreSQL rolls the transaction back itself.
        }
        throw error;
      } finally {
        this.depth--;
      }
    };
    // PostgreSQL needs no lock taken up front: writers wait on the rows they touch.
    return Object.assign(run, { immediate: run }) as unknown as Transaction<F>;
  }

  close(): this {
    this.client.close();
    return this;
  }
}

class PgStatement implements Statement {
  readonly reader: boolean;
  private readonly placeholders: Placeholders;
  private plucked = false;
  private arrays = false;
  private fields: PgField[] | undefined;

  constructor(
    private readonly client: SyncClient,
    source: string,
  ) {
    this.reader = READER.test(source);
    this.placeholders = translatePlaceholders(source);
  }

  run(...params: unknown[]): RunResult {
    const { rowCount } = this.execute(params);
    return {
      changes: rowCount,
      get lastInsertRowid(): number {
        throw new Error("PostgreSQL has no last insert rowid: write `returning id` and read it with get()");
      },
    };
  }

  get(...params: unknown[]): unknown {
    const result = this.execute(params);
    return result.rows.length ? this.shape(result, result.rows[0]!) : undefined;
  }

  all(...params: unknown[]): unknown[] {
    const result = this.execute(params);
    return result.rows.map((row) => this.shape(result, row));
  }

  /** The rows as they stream from a cursor, a batch at a time: a long result is never all in memory. */
  *iterate(...params: unknown[]): IterableIterator<unknown> {
    const { text, bindings } = this.placeholders;
    const { first, batches } = this.client.readCursor(text, bindValues(bindings, params));
    this.fields = first.fields;
    for (const batch of batches) for (const row of batch.rows) yield this.shape(batch, row);
  }

  pluck(toggle = true): this {
    this.plucked = toggle;
    if (toggle) this.arrays = false;
    return this;
  }

  raw(toggle = true): this {
    this.arrays = toggle;
    if (toggle) this.plucked = false;
    return this;
  }

  /** The columns of the last result (PostgreSQL describes them as it runs the statement). */
  columns(): ColumnDescription[] {
    if (!this.fields) throw new Error("a PostgreSQL statement's columns are known once it has run");
    return this.fields.map((field) => ({ name: field.name, type: TYPE_NAMES.get(field.type) ?? null }));
  }

  private execute(params: unknown[]): PgResult {
    const result = this.client.query(this.placeholders.text, bindValues(this.placeholders.bindings, params));
    this.fields = result.fields;
    return result;
  }

  private shape(result: PgResult, row: unknown[]): unknown {
    const values = result.fields.some((field) => field.type === BYTEA)
      ? row.map((value, i) => (result.fields[i]!.type === BYTEA && value ? asBuffer(value as Uint8Array) : value))
      : row;
    if (this.plucked) return values[0];
    if (this.arrays) return values;
    const object: Record<string, unknown> = {};
    result.fields.forEach((field, i) => (object[field.name] = values[i]));
    return object;
  }
}

/** Bytes cross the thread boundary as a Uint8Array; the store reads blobs as Buffers, as SQLite gives them. */
function asBuffer(bytes: Uint8Array): Buffer {
  return Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}
