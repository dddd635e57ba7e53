import { join } from "node:path";
import Database from "better-sqlite3";
import { describe } from "vitest";
import { ReadonlyDatabase } from "../../../server/store/readonly.ts";
import { tempDir } from "../../helpers/workbooks.ts";
import { medianMs, sideBySide } from "../helpers.ts";
import { recordFigure } from "../summary.ts";

// The case measured: 1M rows × 20 columns from SQLite into an Arquero table, the path of every
// `sql` cell. Baseline: better-sqlite3's own raw `all()` of the same query (row arrays, no
// table). Target: within 1.5 s.
const ROWS = 1_000_000;
const COLUMNS = Array.from({ length: 20 }, (_, i) => `c${i}`);

async function compare(): Promise<void> {
  const { dir, cleanup } = await tempDir("driftbook-bench-");
  try {
    const path = join(dir, "load.db");
    const db = new Database(path);
    db.pragma("journal_mode = WAL");
    db.exec(`create table t (${COLUMNS.map((c, j) => `${c} ${j % 4 === 3 ? "text" : "real"}`).join(", ")})`);
    const insert = db.prepare(`insert into t values (${COLUMNS.map(() => "?").join(", ")})`);
    db.transaction(() => {
      const row = new Array(COLUMNS.length);
      for (let i = 0; i < ROWS; i++) {
        for (let j = 0; j < COLUMNS.length; j++)
          row[j] = j % 4 === 3 ? `k${(i + j) % 17}` : ((i * (j + 3)) % 1009) / 11;
        insert.run(row);
      }
    })();
    db.close();

    const query = `select ${COLUMNS.join(", ")} from t`;
    const raw = new Database(path, { readonly: true });
    const rawMs = await medianMs(() => raw.prepare(query).raw(true).all());
    raw.close();
    const readonly = new ReadonlyDatabase(path);
    let rows = 0;
    const oursMs = await medianMs(() => (rows = readonly.query(query, []).numRows()));
    readonly.close();
    if (rows !== ROWS) throw new Error(`loaded ${rows} rows, expected ${ROWS}`);
    recordFigure({
      figure: `${ROWS / 1e6}M rows × ${COLUMNS.length} columns from SQLite into an Arquero table`,
      ours: `${(oursMs / 1000).toFixed(1)} s`,
      baseline: `better-sqlite3 raw all() alone ${(rawMs / 1000).toFixed(1)} s`,
      ratio: oursMs / rawMs,
      measured: oursMs,
      target: { atMost: 1500, unit: "ms" },
    });
  } finally {
    await cleanup();
  }
}

describe("sql cell load vs better-sqlite3", () => {
  sideBySide("1M × 20 into Arquero side by side with raw all()", compare);
});
