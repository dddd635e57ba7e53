#!/usr/bin/env node
// Entry point of the `driftbook` command: loads the TypeScript CLI through tsx.
import { register } from "tsx/esm/api";

register();
const { main } = await import("../server/cli/main.ts");
process.exitCode = await main(process.argv.slice(2));
