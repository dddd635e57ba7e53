/**
 * The profile benches' databases, built once (creditStore.ts, minutes for 30M rows) and kept
 * under test/bench/.cache/ (gitignored). A database is built again when its key changes: the
 * generator's version, the build spec, or the source of the code that shapes what is stored (the
 * profile and sketch classes, the store's profile writer and rebuild), so its profiles are always
 * what this checkout's ingest would keep. A manifest written after the build marks it complete
 * and keeps the build's times, which the bench reports.
 */
import { spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { ROOT } from "../../helpers/cli.ts";
import type { BuildSpec, BuildTimes } from "./creditStore.ts";

/** Change when creditColumns.ts or creditStore.ts would write other rows. */
const GENERATOR_VERSION = "credit-columns-1";
const CACHE_DIR = fileURLToPath(new URL("../.cache/", import.meta.url));
const STORE_SCRIPT = fileURLToPath(new URL("./creditStore.ts", import.meta.url));
/** The code whose changes change the stored profiles: each folder's files whose names match. */
const PROFILE_CODE: [string, RegExp][] = [
  ["detectors/profiles", /\.ts$/],
  ["detectors/sketches", /\.ts$/],
  ["server/store", /^profile.*\.ts$/],
];

export interface CachedDatabase {
  path: string;
  times: BuildTimes;
  /** When it was built (ISO), so a report says whether this run built it. */
  builtAt: string;
  builtNow: boolean;
}

interface Manifest {
  key: string;
  times: BuildTimes;
  builtAt: string;
}

function keyOf(spec: BuildSpec): string {
  const hash = createHash("sha256").update(GENERATOR_VERSION).update(JSON.stringify(spec));
  for (const [dir, files] of PROFILE_CODE) {
    for (const file of readdirSync(join(ROOT, dir)).sort()) {
      if (files.test(file)) hash.update(file).update(readFileSync(join(ROOT, dir, file)));
    }
  }
  return hash.digest("hex");
}

/** The database `name` built to `spec`, from the cache or built now (stderr shows its progress). */
export function cachedDatabase(name: string, spec: BuildSpec): CachedDatabase {
  mkdirSync(CACHE_DIR, { recursive: true });
  const path = join(CACHE_DIR, `${name}.db`);
  const manifestPath = join(CACHE_DIR, `${name}.json`);
  const key = keyOf(spec);
  if (existsSync(manifestPath) && existsSync(path)) {
    const manifest = JSON.parse(readFileSync(manifestPath, "utf8")) as Manifest;
    if (manifest.key === key) return { path, times: manifest.times, builtAt: manifest.builtAt, builtNow: false };
  }
  for (const file of [manifestPath, path, `${path}-wal`, `${path}-shm`]) rmSync(file, { force: true });
  const build = spawnSync(process.execPath, ["--import", "tsx", STORE_SCRIPT, path, JSON.stringify(spec)], {
    cwd: ROOT,
    encoding: "utf8",
    stdio: ["ignore", "pipe", "inherit"],
  });
  if (build.status !== 0) throw new Error(`creditStore.ts exited with ${build.status}`);
  const manifest: Manifest = {
    key,
    times: JSON.parse(build.stdout) as BuildTimes,
    builtAt: new Date().toISOString(),
  };
  writeFileSync(manifestPath, JSON.stringify(manifest, null, 2));
  return { path, times: manifest.times, builtAt: manifest.builtAt, builtNow: true };
}
