/**
 * Rows into a PostgreSQL table the fast way: COPY (text format) into a temporary table shaped
 * like the target, then one `insert … select … on conflict (id) do nothing`, since COPY itself
 * cannot skip the ids already stored (https://www.postgresql.org/docs/current/sql-copy.html).
 * The temporary table lives only until the transaction ends (`on commit drop`), so a batch is
 * still one transaction: all of it or none of it. Returns how many rows were new.
 */
import { quoteIdentifier } from "../columns.ts";
import type { PgDb } from "./pgDb.ts";

/** About this many characters of COPY text per message to the connection thread. */
const CHUNK_CHARS = 1 << 20;

export class CopyRows {
  private readonly chunks: string[] = [];
  private chunk = "";
  private rows = 0;

  /** Rows for `names` of `table`; add them with add(), then insert(). */
  constructor(
    private readonly db: PgDb,
    private readonly table: string,
    private readonly names: string[],
  ) {}

  /** One row's values, in the order of `names`. */
  add(values: ArrayLike<unknown>, offset = 0): void {
    let line = "";
    for (let i = 0; i < this.names.length; i++) {
      if (i > 0) line += "\t";
      line += copyText(values[offset + i]);
    }
    this.chunk += line + "\n";
    this.rows++;
    if (this.chunk.length >= CHUNK_CHARS) {
      this.chunks.push(this.chunk);
      this.chunk = "";
    }
  }

  /** Copies the rows in and inserts the new ones into the table (inside the caller's transaction). */
  insert(): number {
    if (this.rows === 0) return 0;
    if (this.chunk) this.chunks.push(this.chunk);
    const staging = "driftbook_copy";
    const columns = this.names.map(quoteIdentifier).join(", ");
    this.db.exec(
      `create temp table ${staging} on commit drop as select ${columns} from ${quoteIdentifier(this.table)} with no data`,
    );
    this.db.client.copy(`copy ${staging} (${columns}) from stdin`, this.chunks);
    const written = this.db
      .prepare(
        `insert into ${quoteIdentifier(this.table)} (${columns}) select ${columns} from ${staging} on conflict (id) do nothing`,
      )
      .run().changes;
    this.db.exec(`drop table ${staging}`);
    return written;
  }
}

/** One value in COPY's text format: `\N` for null, backslash escapes, bytea as `\\x` hex. */
function copyText(value: unknown): string {
  if (value === null || value === undefined) return "\\N";
  if (typeof value === "number") {
    if (Number.isFinite(value)) return String(value);
    return Number.isNaN(value) ? "NaN" : value > 0 ? "Infinity" : "-Infinity";
  }
  if (typeof value === "string") return value.replace(/[\\\t\n\r]/g, escape);
  if (typeof value === "boolean") return value ? "1" : "0";
  if (ArrayBuffer.isView(value)) {
    const bytes = value as Uint8Array;
    return "\\\\x" + Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString("hex");
  }
  return String(value);
}

function escape(char: string): string {
  return char === "\\" ? "\\\\" : char === "\t" ? "\\t" : char === "\n" ? "\\n" : "\\r";
}
