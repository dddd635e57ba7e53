/** A workbooks folder over a fresh SQLite file, and the live Sessions that serve it: the setup of the tests of server/live. */
import { join } from "node:path";
import { Sessions } from "../../server/live/sessions.ts";
import { openDatabase, type Db } from "../../server/store/db.ts";
import { Workspace } from "../../server/workspace/workspace.ts";
import { tempDir, writeFiles } from "./workbooks.ts";

export interface LiveFolder {
  dir: string;
  db: Db;
  sessions: Sessions;
  close(): Promise<void>;
}

/** Runs `setupSql` on a new database, writes `files` (path → text) and opens Sessions over them. */
export async function liveFolder(
  setupSql: string,
  files: Record<string, string>,
  maxSessions?: number,
): Promise<LiveFolder> {
  const { dir, cleanup } = await tempDir();
  const dbPath = join(dir, "driftbook.db");
  const db = openDatabase(dbPath);
  db.exec(setupSql);
  await writeFiles(dir, files);
  const sessions = new Sessions(new Workspace(dir), { dbPath }, undefined, maxSessions);
  return {
    dir,
    db,
    sessions,
    async close() {
      await sessions.close();
      db.close();
      await cleanup();
    },
  };
}
