/**
 * `driftbook log` and `driftbook reference`: a CSV, NDJSON or JSON file of any size written into
 * the database, waiting for another writer's lock instead of failing. The file is streamed in
 * chunks of whole records (server/ingest/stream/), each parsed on its own, so memory stays
 * bounded. `log` commits each chunk in its own transaction: a server taking batches beside it
 * waits at most one chunk for the write lock, and a re-run after a failure finishes the job,
 * since rows whose id is stored already count as duplicates. `log --atomic` and `reference`
 * (which replaces a whole set) stage the chunks beside the database and copy them in one short
 * transaction instead (server/store/staging.ts): all of the file or none of it.
 */
import { createReadStream } from "node:fs";
import { databaseLocation } from "../store/location.ts";
import { stat } from "node:fs/promises";
import { extname } from "node:path";
import type { ColumnBatch } from "../ingest/columnBatch.ts";
import { parsePredictionColumns } from "../ingest/parseBatch.ts";
import { recordChunks } from "../ingest/stream/recordChunks.ts";
import { DEFAULT_REFERENCE, validateReferenceName } from "../store/references.ts";
import { StagedWrite } from "../store/staging.ts";
import { PredictionStore, type WriteResult } from "../store/store.ts";
import { BatchError, type BatchFormat } from "../ingest/types.ts";
import { megabytesOption, parseCommandArgs } from "./args.ts";
import { CliError, EXIT } from "./cliError.ts";
import { waitForLock } from "./lockWait.ts";
import { Progress } from "./progress.ts";
import { segmentsInput } from "../store/settingsInput.ts";

const FORMATS: Record<string, BatchFormat> = {
  ".csv": "csv",
  ".ndjson": "ndjson",
  ".jsonl": "ndjson",
  ".json": "json",
};

/**
 * Text per chunk and transaction: about 500 rows of 100 numeric columns, 10k rows of 5. Parsed
 * rows take 20 to 40 times their text in memory, and the heap grows to a few times that before
 * V8 collects: on 100 numeric columns, 0.5, 1, 2 and 8 MiB chunks peaked at 210, 250, 320 and
 * 830 MB RSS (90 MB of it the CLI itself), at the same CPU time for 0.5 and 1 MiB.
 */
const DEFAULT_CHUNK_BYTES = 512 * 1024;
/** The longest row read: past it, an unclosed quote or bracket is the likelier story. */
const MAX_ROW_CHARS = 64 * 1024 * 1024;

type Command = "log" | "reference";

function usage(command: Command): string {
  const head =
    command === "log"
      ? `Usage: driftbook log <model> <file.csv|.ndjson|.json> [--db PATH|URL] [--atomic] [--chunk-mb MB]
                        [--segments COLUMN,...]

Logs the predictions in FILE for MODEL, streaming the file in chunks of whole rows, each
stored in its own transaction. On a bad row, the chunks before it stay stored and the error
says so: fix the row and run the same command again; rows whose id is stored already count as
duplicates (rows without an id would be stored twice). --atomic stores all of the file or,
on the first bad row, none of it.`
      : `Usage: driftbook reference <model> <file.csv|.ndjson|.json> [--name NAME] [--db PATH|URL] [--chunk-mb MB]

Replaces MODEL's reference set NAME (default training) with the rows in FILE: all of the file
or, on the first bad row, none of it. The set it replaces is kept as a version of its own.`;
  return `${head}
A running server notices the change within a second. While another process writes to the
database (a server taking a stream), it waits its turn.

Options:
  --db PATH|URL   a SQLite file or postgres:// URL (default $DRIFTBOOK_DATABASE_URL, else ./data/driftbook.db)${
    command === "log"
      ? "\n  --atomic        stage the file beside the database, then copy it in one transaction" +
        "\n  --segments C,.. keep profiles per value of these columns too (a new model's setting)"
      : "\n  --name NAME     the reference set to replace (default training)"
  }
  --chunk-mb MB   text read, parsed and written at a time (default 0.5)`;
}

/** `driftbook log <model> <file>`: predictions from a file, straight into the database. */
export const log = (args: string[]) => writeFile("log", args);

/** `driftbook reference <model> <file>`: a new reference set from a file. */
export const reference = (args: string[]) => writeFile("reference", args);

async function writeFile(command: Command, args: string[]): Promise<number> {
  const options = { db: { type: "string" }, "chunk-mb": { type: "string" } } as const;
  const { values, positionals } = parseCommandArgs(
    args,
    command === "log"
      ? { ...options, atomic: { type: "boolean" }, segments: { type: "string" } }
      : { ...options, name: { type: "string" } },
    usage(command),
  );
  if (positionals.length !== 2) throw new CliError(`expected a model name and a file\n\n${usage(command)}`);
  const [model, file] = positionals;
  const format = FORMATS[extname(file).toLowerCase()];
  if (!format) throw new CliError(`cannot tell the format of ${file}: name it .csv, .ndjson, .jsonl or .json`);
  const chunkChars = megabytesOption("chunk-mb", values["chunk-mb"], DEFAULT_CHUNK_BYTES);
  const { size } = await stat(file).catch((error: NodeJS.ErrnoException) => {
    throw new CliError(error.code === "ENOENT" ? `no such file: ${file}` : error.message);
  });
  const referenceName = "name" in values ? (values.name ?? DEFAULT_REFERENCE) : DEFAULT_REFERENCE;
  if (command === "reference") validateName(referenceName);
  const dbPath = databaseLocation(values.db);
  const store = new PredictionStore(dbPath, { retryBusy: waitForLock(dbPath) });
  const atomic = command === "reference" || ("atomic" in values && values.atomic === true);
  const progress = new Progress(command === "log" ? "logging" : "writing reference", size > chunkChars);
  const stored = new StoredSoFar(format === "ndjson" ? "lines" : "rows");
  let staged: StagedWrite | undefined;
  try {
    if ("segments" in values && values.segments !== undefined) declareSegments(store, model, values.segments);
    if (atomic) {
      staged = new StagedWrite(store, dbPath, model, command === "log" ? "predictions" : { reference: referenceName });
    }
    const write = staged
      ? (batch: ColumnBatch) => staged!.write(batch)
      : (batch: ColumnBatch) => store.log(model, batch);
    const input = createReadStream(file, { encoding: "utf8", highWaterMark: 1024 * 1024 });
    for await (const chunk of recordChunks(input, format, { chunkChars, maxRowChars: MAX_ROW_CHARS })) {
      const batch = parsePredictionColumns(chunk.body, format, { offsets: chunk.offsets(stored.rows) });
      stored.add(batch, write(batch));
      progress.show(stored.rows, input.bytesRead / size);
    }
    progress.end(staged ? "copying into the database" : undefined);
    const result = staged ? staged.commit() : stored.result();
    const duplicates = result.duplicates + (staged ? stored.duplicates : 0);
    const { reference } = result as ReturnType<StagedWrite["commit"]>;
    const version = reference ? ` (${reference.name}, version ${reference.version})` : "";
    console.log(
      `${command === "log" ? "logged" : "reference set to"} ${result.written.toLocaleString("en")} rows for ${model}${version}${duplicates ? ` (${duplicates} already stored)` : ""}; ${result.columns.length} columns`,
    );
    return EXIT.ok;
  } catch (error) {
    progress.end();
    const outcome = staged ? "nothing was written" : stored.outcome();
    if (error instanceof BatchError) throw new CliError(`${file}: ${error.message}; ${outcome}`);
    const { syscall } = error as NodeJS.ErrnoException; // the file could not be read (a folder, say)
    if (syscall) throw new CliError(`${file}: ${(error as Error).message}; ${outcome}`);
    if (stored.rows > 0) console.error(`driftbook ${command}: ${file}: ${outcome}`);
    throw error;
  } finally {
    staged?.discard();
    store.close();
  }
}

/**
 * `--segments region,city`: a new model's segment columns (store/modelSettings.ts). A model with rows keeps
 * its own, which change through PUT /api/v1/models/:model/settings and a rebuild.
 */
function declareSegments(store: PredictionStore, model: string, list: string): void {
  let segments: string[];
  try {
    segments = segmentsInput(list.split(",").map((name) => name.trim()));
  } catch (error) {
    throw new CliError(`--segments: ${(error as Error).message}`);
  }
  const stored = store.settings(model).segments;
  if (JSON.stringify(stored) === JSON.stringify(segments)) return;
  if ((store.model(model)?.rows ?? 0) > 0) {
    throw new CliError(
      `--segments: model ${model} has rows already, segmented by ${JSON.stringify(stored)}: change them with ` +
        `PUT /api/v1/models/${model}/settings, then run driftbook profile rebuild ${model}`,
    );
  }
  store.updateSettings(model, { segments });
}

/** A bad --name is a usage error, before any file is read. */
function validateName(name: string): void {
  try {
    validateReferenceName(name);
  } catch (error) {
    throw new CliError(`--name: ${(error as Error).message}`);
  }
}

/** What the chunks committed so far stored, and what a failure leaves behind. */
class StoredSoFar {
  /** Rows parsed and stored. */
  rows = 0;
  /** The file's number of the last row stored (NDJSON numbers rows by line). */
  private lastRow = 0;
  written = 0;
  duplicates = 0;
  /** Rows that came without an id and were given a random one: a re-run cannot know them. */
  private withoutId = 0;
  private columns: WriteResult["columns"] = [];

  constructor(private readonly unit: "rows" | "lines") {}

  add(batch: ColumnBatch, result: WriteResult): void {
    this.rows += batch.length;
    this.lastRow = batch.rows[batch.length - 1]!;
    this.written += result.written;
    this.duplicates += result.duplicates;
    for (const id of batch.ids) if (id === null) this.withoutId++;
    this.columns = result.columns;
  }

  result(): WriteResult {
    return { written: this.written, duplicates: this.duplicates, columns: this.columns };
  }

  /** The state a chunked log leaves after a failure, and how to finish the job. */
  outcome(): string {
    if (this.rows === 0) return "nothing was written";
    const count = (n: number) => n.toLocaleString("en");
    const noIds =
      this.withoutId > 0
        ? `; ${count(this.withoutId)} of those rows have no id, so a re-run stores them again (use --atomic, or give rows ids)`
        : "";
    return (
      `${this.unit} 1 to ${count(this.lastRow)} of the file are stored (${count(this.written)} written, ` +
      `${count(this.duplicates)} already stored) and the rest is not: fix the file and run the same command ` +
      `again to finish, rows already stored count as duplicates${noIds}`
    );
  }
}
