import Database from "better-sqlite3";

/** The runs recorded in the database at `path`, oldest first: workbook, status and errors. */
export function readRuns(path: string): { workbook: string; status: string; errors: unknown[] }[] {
  const db = new Database(path, { readonly: true });
  try {
    const rows = db.prepare("select workbook, status, errors from driftbook_runs order by id").all() as {
      workbook: string;
      status: string;
      errors: string;
    }[];
    return rows.map((row) => ({ ...row, errors: JSON.parse(row.errors) }));
  } finally {
    db.close();
  }
}
