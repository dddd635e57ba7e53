/**
 * `driftbook profile rebuild <model> [--db PATH|URL]`: rebuilds a model's stored profiles from its
 * rows (server/store/profileRebuild.ts), for a database logged before profiles were kept or
 * after its bucket or segments changed. It reads the table a chunk at a time, so memory stays
 * bounded, and waits its turn while a server writes to the same database.
 */
import { databaseLocation } from "../store/location.ts";
import { existsSync } from "node:fs";
import { DEFAULT_DB_PATH } from "../store/db.ts";
import { rebuildProfiles } from "../store/profileRebuild.ts";
import { PredictionStore } from "../store/store.ts";
import { parseCommandArgs } from "./args.ts";
import { CliError, EXIT } from "./cliError.ts";
import { waitForLock } from "./lockWait.ts";
import { Progress } from "./progress.ts";

const USAGE = `Usage: driftbook profile rebuild <model> [--db PATH|URL]

Rebuilds MODEL's profiles from its rows: for a database logged before profiles were kept, or
after changing the model's bucket or segments (PUT /api/v1/models/MODEL/settings). Readers see
the old profiles until the new ones are complete. Profiles of periods before the oldest row
(rows deleted by retention) are kept.

Options:
  --db PATH|URL a SQLite file or postgres:// URL (default $DRIFTBOOK_DATABASE_URL, else ./${DEFAULT_DB_PATH})`;

export async function profileRebuild(args: string[]): Promise<number> {
  const { values, positionals } = parseCommandArgs(args, { db: { type: "string" } }, USAGE);
  if (positionals.length !== 1) throw new CliError(`expected one model name\n\n${USAGE}`);
  const [model] = positionals;
  const dbPath = databaseLocation(values.db);
  if (!existsSync(dbPath)) throw new CliError(`no database at ${dbPath}: give its path with --db`);
  const store = new PredictionStore(dbPath, { retryBusy: waitForLock(dbPath) });
  try {
    if (!store.model(model)?.columns.length)
      throw new CliError(`no model named "${model}" with predictions in ${dbPath}`);
    const progress = new Progress("rebuilding profiles", true, "the table");
    const { rows } = rebuildProfiles(store.db, model, (done, share) => progress.show(done, share));
    progress.end();
    console.log(`rebuilt the profiles of ${model} from ${rows.toLocaleString("en")} rows`);
    return EXIT.ok;
  } finally {
    store.close();
  }
}
