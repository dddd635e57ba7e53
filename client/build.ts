/**
 * Bundles the browser app with esbuild into `dist/client/`: `index.html` and `share.html` plus
 * `assets/` holding the app (`main.js`, `main.css`), the read-only share view (`share.js`,
 * `share.css`, without Monaco), Monaco's workers as their own ES module entry points and
 * Monaco's icon font. The server calls this at startup, so a build is skipped when a hash of
 * everything that goes into it matches the stamp of the last one: server start stays fast.
 *
 * Several processes may build at once (parallel test files): outputs are written to temporary
 * files and renamed into place, so a server never serves half a file, and the stamp is written
 * last, so an interrupted build is redone.
 */
import { createHash, randomBytes } from "node:crypto";
import { mkdir, readFile, readdir, rename, rm, stat, writeFile } from "node:fs/promises";
import { basename, dirname, join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { build, type Plugin } from "esbuild";

const ROOT = fileURLToPath(new URL("../", import.meta.url));
const CLIENT = join(ROOT, "client");
const DEFAULT_OUTDIR = join(ROOT, "dist", "client");
const STAMP = "build.hash";
/** Everything the bundle is made of besides installed packages. */
const SOURCE_DIRS = [CLIENT, join(ROOT, "server", "protocol")];
/** Packages whose installed version changes the bundle. */
const PACKAGES = ["esbuild", "monaco-editor", "markdown-it", "yaml", "croner", "cronstrue", "@observablehq/inspector"];
/** The HTML pages copied into `outdir`, by name. */
const PAGES = { "index.html": join(CLIENT, "index.html"), "share.html": join(CLIENT, "share", "share.html") };

export interface ClientBuild {
  outdir: string;
  ms: number;
  /** False when the last build's stamp matched and nothing was written. */
  rebuilt: boolean;
}

const running = new Map<string, Promise<ClientBuild>>();

/** Builds the app into `outdir` (default `dist/client`) unless it is already up to date. */
export function buildClient(options: { outdir?: string } = {}): Promise<ClientBuild> {
  const outdir = options.outdir ?? DEFAULT_OUTDIR;
  let pending = running.get(outdir);
  if (!pending) {
    pending = buildIfChanged(outdir).finally(() => running.delete(outdir));
    running.set(outdir, pending);
  }
  return pending;
}

async function buildIfChanged(outdir: string): Promise<ClientBuild> {
  const started = performance.now();
  const hash = await inputHash();
  const stamp = await readFile(join(outdir, STAMP), "utf8").catch(() => "");
  if (stamp === hash) return { outdir, ms: performance.now() - started, rebuilt: false };

  const assets = join(outdir, "assets");
  const result = await build({
    absWorkingDir: ROOT,
    entryPoints: {
      main: join(CLIENT, "main.ts"),
      share: join(CLIENT, "share", "main.ts"),
      "editor.worker": "monaco-editor/editor/editor.worker.js",
      "ts.worker": "monaco-editor/languages/features/typescript/ts.worker.js",
    },
    outdir: assets,
    entryNames: "[name]",
    assetNames: "[name]-[hash]",
    bundle: true,
    format: "esm",
    target: "es2022",
    platform: "browser",
    minify: true,
    legalComments: "none",
    loader: { ".ttf": "file" },
    plugins: [slimWorkerFactory],
    write: false,
    logLevel: "warning",
  });
  const written = new Set<string>();
  for (const file of result.outputFiles) {
    await writeAtomically(file.path, file.contents);
    written.add(file.path);
  }
  for (const [name, source] of Object.entries(PAGES)) await writeAtomically(join(outdir, name), await readFile(source));
  await removeStale(assets, written);
  await writeAtomically(join(outdir, STAMP), hash);
  const ms = performance.now() - started;
  console.log(`driftbook: built the browser app in ${(ms / 1000).toFixed(1)} s (${relative(ROOT, outdir) || outdir})`);
  return { outdir, ms, rebuilt: true };
}

/** Monaco's language services create workers through a module that imports every editor feature; use ours. */
const slimWorkerFactory: Plugin = {
  name: "slim-monaco-worker-factory",
  setup(build) {
    build.onResolve({ filter: /\/internal\/common\/workers\.js$/ }, ({ importer }) =>
      importer.replaceAll("\\", "/").includes("/monaco-editor/esm/vs/languages/features/")
        ? { path: join(CLIENT, "editor", "webWorker.ts") }
        : undefined,
    );
  },
};

/** SHA-256 over the client and protocol sources and the versions of the bundled packages. */
async function inputHash(): Promise<string> {
  const hash = createHash("sha256");
  for (const dir of SOURCE_DIRS) {
    for (const file of await filesUnder(dir)) {
      hash
        .update(`${relative(ROOT, file)}\0`)
        .update(await readFile(file))
        .update("\0");
    }
  }
  for (const name of PACKAGES) {
    const { version } = JSON.parse(await readFile(join(ROOT, "node_modules", name, "package.json"), "utf8")) as {
      version: string;
    };
    hash.update(`${name}@${version}\0`);
  }
  return hash.digest("hex");
}

async function filesUnder(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  return entries
    .filter((entry) => entry.isFile())
    .map((entry) => join(entry.parentPath, entry.name))
    .sort();
}

async function writeAtomically(path: string, contents: string | Uint8Array): Promise<void> {
  await mkdir(dirname(path), { recursive: true });
  const temp = join(dirname(path), `.${basename(path)}.${randomBytes(6).toString("hex")}.tmp`);
  await writeFile(temp, contents);
  await rename(temp, path);
}

/**
 * Deletes assets of earlier builds (a font with another hash) and temporary files left by a
 * build that was killed; a temporary file younger than a minute may be another build's, in flight.
 */
async function removeStale(assets: string, keep: Set<string>): Promise<void> {
  for (const name of await readdir(assets)) {
    const path = join(assets, name);
    if (keep.has(path)) continue;
    if (name.endsWith(".tmp") && Date.now() - (await stat(path)).mtimeMs < 60_000) continue;
    await rm(path, { force: true });
  }
}
