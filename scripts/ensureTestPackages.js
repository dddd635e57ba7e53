#!/usr/bin/env node
// Runs before `npm test` (and first in .ci/run): the suites need Debian packages beside Node's:
// Chromium for the end-to-end tests, PostgreSQL for the suites that run on both engines, and for
// the Python client's suite Debian's python3 with pandas (its DataFrame tests fail, not skip,
// without it), FastAPI and uvicorn (the README's example) and venv (the install test). Installs
// what is missing when this machine can (root with apt-get), otherwise stops with the one
// command that does.
import { existsSync, readdirSync } from "node:fs";
import { spawnSync } from "node:child_process";

/** Whether `python` can import every module named. */
const imports = (python, ...modules) =>
  spawnSync(python, ["-c", `import ${modules.join(", ")}`], { stdio: "ignore" }).status === 0;

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
  {
    name: "python3-pandas",
    why: "the Python client's DataFrame tests",
    installed: () => imports("/usr/bin/python3", "pandas"),
  },
  {
    name: "python3-fastapi",
    why: "the Python client's README example",
    installed: () => imports("/usr/bin/python3", "fastapi"),
  },
  {
    name: "python3-uvicorn",
    why: "the Python client's README example",
    installed: () => imports("/usr/bin/python3", "uvicorn"),
  },
  { name: "python3-venv", why: "the Python client's install test", installed: () => imports("python3", "ensurepip") },
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
  const still = missing.filter((pkg) => !pkg.installed()).map((pkg) => pkg.name);
  if (still.length) {
    console.error(`still missing after apt-get install: ${still.join(" ")}`);
    process.exit(1);
  }
}
