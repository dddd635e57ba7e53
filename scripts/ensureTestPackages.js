#!/usr/bin/env node
// Runs before `npm test`: the suites need Debian packages beside Node's: Chromium for the
// end-to-end tests, PostgreSQL for the suites that run on both engines. Installs what is missing
// when this machine can (root with apt-get), otherwise stops with the one command that does.
import { existsSync, readdirSync } from "node:fs";
import { spawnSync } from "node:child_process";

const CHROMIUM = process.env.DRIFTBOOK_CHROMIUM ?? "/usr/bin/chromium";
const POSTGRESQL = "/usr/lib/postgresql";

/** Each package the tests need, and how to tell it is installed. */
const PACKAGES = [
  { name: "chromium", why: "the end-to-end tests", installed: () => existsSync(CHROMIUM) },
  {
    name: "postgresql",
    why: "the suites on PostgreSQL",
    installed: () =>
      existsSync(POSTGRESQL) &&
      readdirSync(POSTGRESQL).some((version) => existsSync(`${POSTGRESQL}/${version}/bin/initdb`)),
  },
];

const missing = PACKAGES.filter((pkg) => !pkg.installed());
if (missing.length) {
  const names = missing.map((pkg) => pkg.name).join(" ");
  const isRoot = process.getuid?.() === 0;
  const hasApt = spawnSync("apt-get", ["--version"], { stdio: "ignore" }).status === 0;
  if (!isRoot || !hasApt) {
    const why = missing.map((pkg) => `${pkg.name} is missing; ${pkg.why} need it.`).join("\n");
    console.error(`${why}\nInstall with:\n\n  sudo apt-get update && sudo apt-get install -y ${names}\n`);
    process.exit(1);
  }
  console.log(`Installing Debian's ${names} for the tests…`);
  for (const args of [["update"], ["install", "-y", ...names.split(" ")]]) {
    const result = spawnSync("apt-get", args, { stdio: "inherit" });
    if (result.status !== 0) {
      console.error(
        `apt-get ${args.join(" ")} failed (exit ${result.status}); install ${names} by hand and run npm test again.`,
      );
      process.exit(1);
    }
  }
}
