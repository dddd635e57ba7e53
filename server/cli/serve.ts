import { DEFAULT_MAX_BODY_BYTES, startServer } from "../http/server.ts";
import { megabytesOption, parseCommandArgs, secondsOption } from "./args.ts";
import { CliError } from "./cliError.ts";

const USAGE = `Usage: driftbook serve [options]

Serves the workbooks folder: a list of workbooks and each one with its live outputs.

Options:
  --port N             port to listen on (default 3000; 0 picks a free one)
  --host ADDRESS       address to bind (default 127.0.0.1)
  --workbooks DIR      the workbooks folder (default ./workbooks)
  --cell-timeout S     per-cell time limit in seconds (default 30)
  --db PATH            the SQLite database (default ./data/driftbook.db)
  --max-body MB        largest ingest request body in megabytes (default 64)`;

export async function serve(args: string[]): Promise<number> {
  const { values } = parseCommandArgs(
    args,
    {
      port: { type: "string" },
      host: { type: "string" },
      workbooks: { type: "string" },
      "cell-timeout": { type: "string" },
      db: { type: "string" },
      "max-body": { type: "string" },
    },
    USAGE,
  );
  const port = values.port === undefined ? 3000 : Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new CliError(`--port must be a port number, got "${values.port}"`);
  const server = await startServer({
    port,
    host: values.host,
    workbooksDir: values.workbooks ?? "workbooks",
    dbPath: values.db,
    maxBodyBytes: megabytesOption("max-body", values["max-body"], DEFAULT_MAX_BODY_BYTES),
    hostOptions: { cellTimeoutMs: secondsOption("cell-timeout", values["cell-timeout"], 30_000) },
  }).catch((error: NodeJS.ErrnoException) => {
    if (error.code === "EADDRINUSE") throw new CliError(`port ${port} is in use; choose another with --port`);
    throw error;
  });
  console.log(`Driftbook is serving ${values.workbooks ?? "workbooks"} at ${server.url}`);
  await new Promise<void>((resolve) => {
    const stop = () => resolve();
    process.once("SIGINT", stop);
    process.once("SIGTERM", stop);
  });
  await server.close();
  return 0;
}
