// `npm run bench`: the test configuration plus the global setup that prints one summary table
// of every bench's figures at the end (test/bench/summaryTable.ts).
import { defineConfig, mergeConfig } from "vitest/config";
import base from "./vitest.config.ts";

export default mergeConfig(base, defineConfig({ test: { globalSetup: ["test/bench/summaryTable.ts"] } }));
