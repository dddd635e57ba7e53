#!/usr/bin/env node
// Runs before `npm test`: the end-to-end tests drive Debian's Chromium. Installs it when this
// machine can (root with apt-get), otherwise stops with the one command that installs it.
import { existsSync } from "node:fs";
import { spawnSync } from "node:child_process";

export const CHROMIUM = process.env.DRIFTBOOK_CHROMIUM ?? "/usr/bin/chromium";

if (!existsSync(CHROMIUM)) {
  const isRoot = process.getuid?.() === 0;
  const hasApt = spawnSync("apt-get", ["--version"], { stdio: "ignore" }).status === 0;
  if (!isRoot || !hasApt) {
    console.error(
      `Chromium is missing at ${CHROMIUM}; the end-to-end tests need it. Install it with:\n\n  sudo apt-get update && sudo apt-get install -y chromium\n`,
    );
    process.exit(1);
  }
  console.log("Installing Debian's chromium for the end-to-end tests…");
  for (const args of [["update"], ["install", "-y", "chromium"]]) {
    const result = spawnSync("apt-get", args, { stdio: "inherit" });
    if (result.status !== 0) {
      console.error(
        `apt-get ${args.join(" ")} failed (exit ${result.status}); install chromium by hand and run npm test again.`,
      );
      process.exit(1);
    }
  }
}
