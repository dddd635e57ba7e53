/**
 * The runtime worker bundled by esbuild into one ES module under `dist/worker/`, so a new worker
 * process loads one file instead of having tsx transpile the worker and all it imports: a worker
 * starts several times faster. Only better-sqlite3 (native) stays an import.
 *
 * The bundle is named by a hash of what it is made of: our sources that the last build read
 * (listed in `worker.inputs.json`), package-lock.json, tsconfig.json and the build options. An
 * edit to a worker source gives a new name, hence a rebuild; an edit elsewhere does not. Several
 * processes may build at once: files are written to temporary files and renamed into place, the
 * list last. The map is linked, not inline, so it costs nothing unless source maps are enabled
 * (`node --enable-source-maps`, passed on to workers), when stack traces point at the .ts files.
 */
import { createHash, randomBytes } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, readdirSync, renameSync, rmSync, statSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { basename, dirname, join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import type { BuildOptions, OutputFile } from "esbuild";

/**
 * The repository. This file and every bundle (`dist/<name>/…`) lie two folders below it, so the
 * same path works from either; other modules find their plain scripts from it.
 */
export const REPOSITORY_ROOT = fileURLToPath(new URL("../../", import.meta.url));
/** The tsx entry, used when the bundle cannot be built. */
const TSX_ENTRY = fileURLToPath(new URL("./workerEntry.js", import.meta.url));
const LIST = "worker.inputs.json";
/** Files besides the sources that change the bundle: installed package versions and TypeScript settings. */
const SETTINGS = ["package-lock.json", "tsconfig.json"];
const BUILD: BuildOptions = {
  bundle: true,
  platform: "node",
  format: "esm",
  target: "node20",
  external: ["better-sqlite3"],
  // Bundled CommonJS packages call `require`, which an ES module does not have.
  banner: { js: 'import { createRequire } from "node:module"; const require = createRequire(import.meta.url);' },
  sourcemap: "external",
  sourcesContent: false,
  logLevel: "silent",
};

export interface WorkerBundleOptions {
  /** Default `server/runtime/worker.ts`. */
  entry?: string;
  /** Default `dist/worker` in the repository; it must see `node_modules` for better-sqlite3. */
  outdir?: string;
  /** Folders holding the entry's own imports, hashed around a first build. Default `server`, `detectors`. */
  sourceDirs?: string[];
}

export interface WorkerBundle {
  path: string;
  /** False when a bundle of the current sources was already there. */
  rebuilt: boolean;
  ms: number;
}

/** A thread's script: its TypeScript entry, where its bundle goes, and the tsx entry to fall back on. */
export interface WorkerScript {
  /** For the warning when it cannot be bundled. */
  name: string;
  entry: string;
  outdir: string;
  fallback: string;
}

const RUNTIME_WORKER: WorkerScript = {
  name: "runtime worker",
  entry: join(REPOSITORY_ROOT, "server", "runtime", "worker.ts"),
  outdir: join(REPOSITORY_ROOT, "dist", "worker"),
  fallback: TSX_ENTRY,
};

/** Each script's path as last resolved, by entry. */
const current = new Map<string, string>();

/**
 * The absolute path of a worker script (default: RuntimeHost's): an up-to-date bundle, checked
 * once per process (and again if it disappears), or the tsx entry, with one warning, if it
 * cannot be built.
 */
export function workerBundlePath(script: WorkerScript = RUNTIME_WORKER): string {
  const known = current.get(script.entry);
  if (known === script.fallback || (known && existsSync(known))) return known;
  let path: string;
  try {
    path = ensureWorkerBundle({ entry: script.entry, outdir: script.outdir }).path;
  } catch (error) {
    path = script.fallback;
    console.warn(
      `driftbook: could not bundle the ${script.name}, so it starts through tsx (slower): ${(error as Error).message}`,
    );
  }
  current.set(script.entry, path);
  return path;
}

/** Builds the bundle of `entry` into `outdir` unless a bundle of its current sources is there. */
export function ensureWorkerBundle(options: WorkerBundleOptions = {}): WorkerBundle {
  const started = performance.now();
  const entry = options.entry ?? RUNTIME_WORKER.entry;
  const outdir = options.outdir ?? RUNTIME_WORKER.outdir;
  const listed = readList(outdir);
  const path = bundlePath(outdir, inputHash(listed));
  if (existsSync(path)) return { path, rebuilt: false, ms: performance.now() - started };
  const sourceDirs = options.sourceDirs ?? [join(REPOSITORY_ROOT, "server"), join(REPOSITORY_ROOT, "detectors")];
  const built = build(entry, outdir, [...new Set([...listed, ...sourceDirs.flatMap(tsFilesUnder)])]);
  return { path: built, rebuilt: true, ms: performance.now() - started };
}

/**
 * Bundles `entry` and names the bundle by the hash of the sources it read. Those are known only
 * afterwards, so the build counts only if they all lie among `sources` and no source changed
 * while it ran; otherwise it is redone with the sources found.
 */
function build(entry: string, outdir: string, sources: string[]): string {
  const esbuild = createRequire(import.meta.url)("esbuild") as typeof import("esbuild");
  for (let attempt = 0; attempt < 3; attempt++) {
    const before = inputHash(sources);
    const result = esbuild.buildSync({
      ...BUILD,
      absWorkingDir: REPOSITORY_ROOT,
      entryPoints: [entry],
      outfile: join(outdir, "worker.mjs"),
      metafile: true,
      write: false,
    });
    const inputs = Object.keys(result.metafile.inputs)
      .filter((input) => !input.split("/").includes("node_modules"))
      .sort();
    const hash = inputHash(inputs);
    if (inputs.every((input) => sources.includes(input)) && inputHash(sources) === before) {
      return write(bundlePath(outdir, hash), inputs, result.outputFiles);
    }
    sources = [...new Set([...sources, ...inputs])];
  }
  throw new Error("the worker's sources kept changing while it was being bundled");
}

/** Writes the bundle and its map at `path`, then the list of sources, and clears older bundles. */
function write(path: string, inputs: string[], files: OutputFile[]): string {
  const outdir = dirname(path);
  const map = files.find((file) => file.path.endsWith(".map"))!;
  const code = files.find((file) => file !== map)!;
  writeAtomically(`${path}.map`, map.contents);
  writeAtomically(path, `${code.text}//# sourceMappingURL=${basename(path)}.map\n`);
  writeAtomically(join(outdir, LIST), JSON.stringify(inputs));
  removeStale(outdir, path);
  return path;
}

/** SHA-256 over the build options, the settings files and these sources (paths relative to the repository). */
function inputHash(sources: string[]): string {
  const hash = createHash("sha256").update(JSON.stringify(BUILD));
  for (const file of [...SETTINGS, ...sources]) {
    const path = resolve(REPOSITORY_ROOT, file);
    hash
      .update(`${file}\0`)
      .update(existsSync(path) ? readFileSync(path) : "(missing)")
      .update("\0");
  }
  return hash.digest("hex").slice(0, 16);
}

const bundlePath = (outdir: string, hash: string) => join(outdir, `worker-${hash}.mjs`);

function readList(outdir: string): string[] {
  try {
    return JSON.parse(readFileSync(join(outdir, LIST), "utf8")) as string[];
  } catch {
    return [];
  }
}

/** The `.ts` files under `dir`, relative to the repository with `/` separators, as esbuild names inputs. */
function tsFilesUnder(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile() && entry.name.endsWith(".ts"))
    .map((entry) => relative(REPOSITORY_ROOT, join(entry.parentPath, entry.name)).replaceAll("\\", "/"));
}

function writeAtomically(path: string, contents: string | Uint8Array): void {
  mkdirSync(dirname(path), { recursive: true });
  const temp = join(dirname(path), `.${basename(path)}.${randomBytes(6).toString("hex")}.tmp`);
  writeFileSync(temp, contents);
  renameSync(temp, path);
}

/**
 * Deletes earlier bundles and temporary files left by killed builds. Files younger than a minute
 * are spared: another process may have just built them for other sources and be about to load them.
 */
function removeStale(outdir: string, keep: string): void {
  for (const name of readdirSync(outdir)) {
    const path = join(outdir, name);
    if (path === keep || path === `${keep}.map` || !/^(worker-[0-9a-f]+\.mjs(\.map)?|\..+\.tmp)$/.test(name)) continue;
    const stats = statSync(path, { throwIfNoEntry: false });
    if (stats && Date.now() - stats.mtimeMs > 60_000) rmSync(path, { force: true });
  }
}
