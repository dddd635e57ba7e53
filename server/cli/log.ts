/**
 * `driftbook log` and `driftbook reference`: a CSV, NDJSON or JSON file written into the
 * database in one transaction, waiting for another writer's lock instead of failing.
 */
import { readFile } from "node:fs/promises";
import { extname, resolve } from "node:path";
import { parsePredictionColumns } from "../ingest/parseBatch.ts";
import { DEFAULT_DB_PATH } from "../store/db.ts";
import { PredictionStore, type WriteResult } from "../store/store.ts";
import { BatchError, type BatchFormat } from "../ingest/types.ts";
import { parseCommandArgs } from "./args.ts";
import { CliError, EXIT } from "./cliError.ts";
import { waitForLock } from "./lockWait.ts";

const FORMATS: Record<string, BatchFormat> = {
  ".csv": "csv",
  ".ndjson": "ndjson",
  ".jsonl": "ndjson",
  ".json": "json",
};

function usage(command: "log" | "reference"): string {
  const what =
    command === "log"
      ? "Logs the predictions in FILE for MODEL"
      : "Replaces MODEL's reference set with the rows in FILE";
  return `Usage: driftbook ${command} <model> <file.csv|.ndjson|.json> [--db PATH]

${what}, in one transaction: all of the file or,
on the first bad row, none of it. A running server notices the change within a second.
While another process writes to the database (a server taking a stream), it waits its turn.

Options:
  --db PATH    the SQLite database (default ./data/driftbook.db)`;
}

/** `driftbook log <model> <file>`: predictions from a file, straight into the database. */
export const log = (args: string[]) => writeFile("log", args);

/** `driftbook reference <model> <file>`: a new reference set from a file. */
export const reference = (args: string[]) => writeFile("reference", args);

async function writeFile(command: "log" | "reference", args: string[]): Promise<number> {
  const { values, positionals } = parseCommandArgs(args, { db: { type: "string" } }, usage(command));
  if (positionals.length !== 2) throw new CliError(`expected a model name and a file\n\n${usage(command)}`);
  const [model, file] = positionals;
  const format = FORMATS[extname(file).toLowerCase()];
  if (!format) throw new CliError(`cannot tell the format of ${file}: name it .csv, .ndjson, .jsonl or .json`);
  const body = await readFile(file, "utf8").catch((error: NodeJS.ErrnoException) => {
    throw new CliError(error.code === "ENOENT" ? `no such file: ${file}` : error.message);
  });
  const dbPath = resolve(values.db ?? DEFAULT_DB_PATH);
  const store = new PredictionStore(dbPath, { retryBusy: waitForLock(dbPath) });
  try {
    const batch = parsePredictionColumns(body, format);
    const progress = (written: number, total: number) =>
      process.stderr.write(
        `\r${command === "log" ? "logging" : "writing reference"}: ${written.toLocaleString("en")} of ${total.toLocaleString("en")} rows`,
      );
    const result: WriteResult =
      command === "log" ? store.log(model, batch, progress) : store.replaceReference(model, batch, progress);
    if (batch.length > 10_000) process.stderr.write("\n");
    const duplicates = result.duplicates ? ` (${result.duplicates} already stored)` : "";
    console.log(
      `${command === "log" ? "logged" : "reference set to"} ${result.written.toLocaleString("en")} rows for ${model}${duplicates}; ${result.columns.length} columns`,
    );
    return EXIT.ok;
  } catch (error) {
    if (error instanceof BatchError) throw new CliError(`${file}: ${error.message}; nothing was written`);
    throw error;
  } finally {
    store.close();
  }
}
