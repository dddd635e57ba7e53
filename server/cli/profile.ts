/**
 * `driftbook profile <model>`: prints a window of the model's stored profiles as JSON (issue 18,
 * item 6; the shape of GET /api/v1/models/:model/profile, profileJson.ts), read on a read-only
 * connection, so it runs beside a serving server. `driftbook profile rebuild <model>` is the
 * store's command (profileRebuild.ts), dispatched from here.
 */
import { existsSync } from "node:fs";
import { databaseLocation } from "../store/location.ts";
import { DEFAULT_DB_PATH } from "../store/db.ts";
import { profileReport } from "../store/profileJson.ts";
import { segmentOf } from "../store/profileOptions.ts";
import { ProfileReadError, readProfiles } from "../store/profileRead.ts";
import { DEFAULT_REFERENCE } from "../store/references.ts";
import { ReadonlyDatabase } from "../store/readonly.ts";
import { parseCommandArgs } from "./args.ts";
import { CliError, EXIT } from "./cliError.ts";

export const USAGE = `Usage: driftbook profile <model> [--since ISO|DURATION] [--until ISO|DURATION] [--every DURATION]
                         [--tz ZONE] [--reference [NAME]] [--segment COLUMN=VALUE] [--db PATH|URL]
       driftbook profile rebuild <model> [--db PATH|URL]

Prints MODEL's stored profiles as JSON: {"model", "profiles": [{"start", "end", "rows",
"columns": {NAME: {"type": "numeric", "count", "missing", "min", "max", "mean", "std",
"quantiles"} | {"type": "categorical", "count", "missing", "counts", "other"}}}]}, one entry
for the whole window, or one per interval with --every. A stored bucket (1 hour by default)
counts when it overlaps the window. It reads the database only, beside a running server.

Options:
  --since T          start of the window: ISO time (2024-05-01, 2024-05-01T12:00:00Z) or a
                     duration before now (24h, 7d); default the first stored data
  --until T          end of the window, in the same forms; default the newest stored data
  --every DURATION   one profile per interval (1d: calendar days of --tz)
  --tz ZONE          IANA time zone of --every days (default the model's setting, else UTC)
  --reference [NAME] the newest version of a reference set instead (default "${DEFAULT_REFERENCE}")
  --segment C=V      only the rows whose segment column C holds V
  --db PATH|URL      a SQLite file or postgres:// URL (default $DRIFTBOOK_DATABASE_URL, else ./${DEFAULT_DB_PATH})

"rebuild" rebuilds MODEL's profiles from its rows: for a database logged before profiles were
kept, or after changing its bucket or segments.`;

/** `--reference` may stand alone (the default set): it then takes no value from the next word. */
function referenceArgs(args: string[]): string[] {
  return args.map((arg, i) =>
    arg === "--reference" && (i + 1 === args.length || args[i + 1].startsWith("-"))
      ? `--reference=${DEFAULT_REFERENCE}`
      : arg,
  );
}

type Command = (args: string[]) => Promise<number>;

/** Subcommands of `driftbook profile`, each in its own module: `rebuild` is the store's (issue 18, item 5). */
const SUBCOMMANDS: Record<string, () => Promise<Command>> = {
  rebuild: async () => (await import("./profileRebuild.ts")).profileRebuild,
};

export async function profile(args: string[]): Promise<number> {
  const subcommand = Object.hasOwn(SUBCOMMANDS, args[0] ?? "") ? SUBCOMMANDS[args[0]] : undefined;
  if (subcommand) return (await subcommand())(args.slice(1));
  const { values, positionals } = parseCommandArgs(
    referenceArgs(args),
    {
      since: { type: "string" },
      until: { type: "string" },
      every: { type: "string" },
      tz: { type: "string" },
      reference: { type: "string" },
      segment: { type: "string" },
      db: { type: "string" },
    },
    USAGE,
  );
  if (positionals.length !== 1) throw new CliError(`expected one model name\n\n${USAGE}`);
  const [model] = positionals;
  const path = databaseLocation(values.db);
  if (!existsSync(path)) throw new CliError(`no database at ${path}: give its path with --db`);
  const database = new ReadonlyDatabase(path);
  try {
    const { since, until, every, tz, reference } = values;
    const segment = values.segment === undefined ? undefined : segmentOf(values.segment, "=", "--segment");
    const windows = readProfiles(database.connection(), model, { since, until, every, tz, reference, segment });
    console.log(JSON.stringify(profileReport(model, windows), null, 2));
    return EXIT.ok;
  } catch (error) {
    if (error instanceof ProfileReadError) throw new CliError(error.message);
    throw error;
  } finally {
    database.close();
  }
}
