/**
 * The `driftbook` command: picks a subcommand and turns its result or CliError into an exit
 * code. Each subcommand lives in its own module, imported only when it runs.
 */
import { WorkbooksFolderError } from "../workspace/workspace.ts";
import { isBusy } from "../store/db.ts";
import { DatabaseOpenError } from "../store/openError.ts";
import { CliError, EXIT } from "./cliError.ts";

type Command = (args: string[]) => Promise<number>;

const COMMANDS: Record<string, { summary: string; load: () => Promise<Command> }> = {
  serve: {
    summary: "serve the workbooks folder on http://127.0.0.1:3000",
    load: async () => (await import("./serve.ts")).serve,
  },
  run: { summary: "run a workbook headlessly and report each cell", load: async () => (await import("./run.ts")).run },
  check: {
    summary: "report workbook problems without running them",
    load: async () => (await import("./check.ts")).check,
  },
  replay: {
    summary: "replay a workbook over past data: what each alert rule would have done",
    load: async () => (await import("./replay.ts")).replay,
  },
  log: { summary: "log a file of predictions for a model", load: async () => (await import("./log.ts")).log },
  reference: {
    summary: "replace a model's reference set from a file",
    load: async () => (await import("./log.ts")).reference,
  },
  profile: {
    summary: "print a model's stored profiles as JSON; profile rebuild rebuilds them from its rows",
    load: async () => (await import("./profile.ts")).profile,
  },
  export: {
    summary: "post workbooks' metric series to MLflow; a repeat sends only what is new",
    load: async () => (await import("./export.ts")).exportCommand,
  },
  backup: {
    summary: "copy the database to a file while the server may be writing",
    load: async () => (await import("./backup.ts")).backup,
  },
  demo: {
    summary: "create the demo model credit; --stream N keeps logging to a server",
    load: async () => (await import("./demo.ts")).demo,
  },
  init: {
    summary: "create a project: a workbooks folder, config template, .gitignore, git init",
    load: async () => (await import("./init.ts")).init,
  },
};

export const USAGE = `Usage: driftbook <command> [options]

Commands:
${Object.entries(COMMANDS)
  .map(([name, { summary }]) => `  ${name.padEnd(8)}${summary}`)
  .join("\n")}

Run "driftbook <command> --help" for a command's options.`;

export async function main(argv: string[]): Promise<number> {
  const [name, ...args] = argv;
  if (!name || name === "--help" || name === "-h" || name === "help") {
    console.log(USAGE);
    return name ? EXIT.ok : EXIT.failed;
  }
  const command = COMMANDS[name];
  if (!command) {
    console.error(`driftbook: unknown command "${name}"\n\n${USAGE}`);
    return EXIT.failed;
  }
  try {
    return await (
      await command.load()
    )(args);
  } catch (error) {
    if (error instanceof CliError) {
      if (error.exitCode === EXIT.ok) console.log(error.message);
      else console.error(`driftbook ${name}: ${error.message}`);
      return error.exitCode;
    }
    // Every command that opens the database or the workbooks folder reports one it cannot use in one line, no stack.
    if (error instanceof DatabaseOpenError || error instanceof WorkbooksFolderError) {
      console.error(`driftbook ${name}: ${error.message}`);
      return EXIT.failed;
    }
    if (isBusy(error)) {
      console.error(
        `driftbook ${name}: the database stayed locked by another writer, so the last write was not stored: try again when it is free`,
      );
      return EXIT.failed;
    }
    throw error;
  }
}
