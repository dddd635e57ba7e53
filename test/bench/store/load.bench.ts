import { join } from "node:path";
import { describe } from "vitest";
import { tempDir } from "../../helpers/workbooks.ts";
import { sideBySide } from "../helpers.ts";
import { compareLoad, writeTable } from "./loadTables.ts";

// The case measured: 1M rows × 20 columns (15 REAL, 5 TEXT) from SQLite into an Arquero table,
// the path of every `sql` cell, against better-sqlite3's own raw all(). Target: within 1.5 s.
const ROWS = 1_000_000;

async function compare(): Promise<void> {
  const { dir, cleanup } = await tempDir("driftbook-bench-");
  try {
    const path = join(dir, "load.db");
    const query = writeTable(path, {
      rows: ROWS,
      columns: 20,
      value: (i, j) => (j % 4 === 3 ? `k${(i + j) % 17}` : ((i * (j + 3)) % 1009) / 11),
    });
    await compareLoad(path, query, {
      figure: `${ROWS / 1e6}M rows × 20 columns from SQLite into an Arquero table`,
      rows: ROWS,
      runs: 3,
      target: { atMost: 1500, unit: "ms" },
    });
  } finally {
    await cleanup();
  }
}

describe("sql cell load vs better-sqlite3", () => {
  sideBySide("1M × 20 into Arquero side by side with raw all()", compare);
});
