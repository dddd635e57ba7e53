#!/usr/bin/env node
// Entry point of the `driftbook` command: loads the TypeScript CLI through tsx.
import { register } from "tsx/esm/api";

register();
// A reader that stops early (`driftbook replay … | head`) closes the pipe: end quietly, as Unix
// tools do on SIGPIPE, instead of dying on the unhandled EPIPE with a stack trace.
process.stdout.on("error", (error) => {
  if (error.code === "EPIPE") process.exit(0);
  throw error;
});
const { main } = await import("../server/cli/main.ts");
process.exitCode = await main(process.argv.slice(2));
