import { join } from "node:path";
import { describe } from "vitest";
import { tempDir } from "../../helpers/workbooks.ts";
import { sideBySide } from "../helpers.ts";
import { compareLoad, writeTable } from "./loadTables.ts";

// Wide tables through ReadonlyDatabase.query (issue 16, item 6): the two shapes users reported,
// 356k rows × 100 REAL columns and 50k rows × 990 REAL columns, against better-sqlite3's raw all()
// of the same query. One timed run each after a warm-up: a run of the wide one takes a minute on
// a busy 2-core machine. The end-to-end drift checks (`driftbook run`) are benches of their own.
for (const { rows, columns } of [
  { rows: 356_000, columns: 100 },
  { rows: 50_000, columns: 990 },
]) {
  describe(`wide load, ${rows.toLocaleString("en")} × ${columns} REAL`, () => {
    sideBySide(`${rows} × ${columns} into Arquero side by side with raw all()`, async () => {
      const { dir, cleanup } = await tempDir("driftbook-bench-");
      try {
        const path = join(dir, "wide.db");
        const query = writeTable(path, { rows, columns, value: (i, j) => Math.sin(i * 7.3 + j) });
        await compareLoad(path, query, {
          figure: `${rows.toLocaleString("en")} rows × ${columns} REAL columns from SQLite into an Arquero table`,
          rows,
          runs: 1,
        });
      } finally {
        await cleanup();
      }
    });
  });
}
