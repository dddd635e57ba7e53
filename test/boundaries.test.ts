/*
 * The project's layering, checked on the import graph that dependency-cruiser computes from the
 * sources (https://github.com/sverweij/dependency-cruiser, doc/rules-reference.md), type-only
 * imports included, so a rule cannot go stale the way a hand-written import regex can. The rules
 * are the dependency directions the README's Layout states; test/ is not cruised, as tests may
 * import anything (they mirror private modules too).
 */
import { mkdir, readFile, readdir, writeFile } from "node:fs/promises";
import { basename, dirname, join, relative } from "node:path";
import { cruise, type ICruiseResult, type IForbiddenRuleType } from "dependency-cruiser";
import extractTSConfig from "dependency-cruiser/config-utl/extract-ts-config";
import { describe, expect, it } from "vitest";
import { ROOT } from "./helpers/cli.ts";
import { tempDir } from "./helpers/workbooks.ts";

const SOURCES = ["server", "client", "detectors", "bin", "scripts"];

/** The detectors' private folders (helpers named for their contents) and its public families. */
const DETECTORS_PRIVATE = ["special", "distributions", "linalg", "classifiers", "random", "inputs", "samples"];
const DETECTORS_PUBLIC = [
  "univariate",
  "categorical",
  "distance",
  "tabular",
  "multivariate",
  "model",
  "metrics",
  "sketches",
  "profiles",
  "chunks",
  "performance",
  "outliers",
  "concept",
  "embeddings",
  "online",
];
const PRIVATE = `^detectors/(${DETECTORS_PRIVATE.join("|")})/`;
/** The browser app: everything in client/ but its esbuild script, which runs in Node. */
const BROWSER = { path: "^client/", pathNot: "^client/build\\.ts$" };

const RULES: IForbiddenRuleType[] = [
  {
    name: "client-imports-only-protocol",
    comment: "the browser app reaches the server only through the typed wire format, and never the detectors",
    from: BROWSER,
    to: { path: ["^server/", "^detectors/"], pathNot: "^server/protocol/" },
  },
  {
    name: "client-not-node",
    comment: "the browser app runs in a browser",
    from: BROWSER,
    to: { dependencyTypes: ["core"] },
  },
  { name: "protocol-import-free", from: { path: "^server/protocol/" }, to: { pathNot: "^server/protocol/" } },
  {
    name: "detectors-private-stays-inside",
    comment: "only detectors/ imports its private folders",
    from: { pathNot: "^detectors/" },
    to: { path: PRIVATE },
  },
  {
    name: "detectors-private-imports-no-public",
    comment: "private helpers sit below the public tests; types.ts, the shared result shapes, imports nothing",
    from: { path: PRIVATE },
    to: { path: "^detectors/", pathNot: [PRIVATE, "^detectors/types\\.ts$"] },
  },
  { name: "detectors-types-import-free", from: { path: "^detectors/types\\.ts$" }, to: {} },
  {
    name: "detectors-index-only-public",
    comment: "the public surface re-exports public modules only",
    from: { path: "^detectors/index\\.ts$" },
    to: { path: PRIVATE },
  },
  {
    name: "detectors-self-contained",
    comment: "the library imports nothing of ours outside detectors/, no Node module, and only simple-statistics",
    from: { path: "^detectors/" },
    to: { pathNot: ["^detectors/", "^node_modules/simple-statistics/"] },
  },
  {
    name: "workbook-analysis-pure",
    comment: "parsing and analysis take text and return data: parsers only",
    from: { path: "^server/(workbook|analysis)/" },
    to: {
      pathNot: [
        "^server/(workbook|analysis|protocol)/",
        "^node_modules/(yaml|markdown-it|acorn|acorn-walk|eslint-scope|@types/estree)/",
        "^crypto$",
      ],
    },
  },
  {
    name: "runtime-no-http-or-workspace",
    comment: "the runtime never reaches HTTP, sockets or the workbooks folder",
    from: { path: "^server/runtime/" },
    to: { path: ["^server/http/", "^server/workspace/", "^node_modules/(@types/)?(express|ws)/"] },
  },
  {
    name: "ingest-pure",
    comment: "reading a batch takes text and returns rows or a BatchError: no database, no HTTP, no Node module",
    from: { path: "^server/ingest/" },
    to: { pathNot: ["^server/ingest/", "^node_modules/csv-parse/"] },
  },
  {
    name: "only-http-express-ws",
    from: { path: "^server/", pathNot: "^server/http/" },
    to: { path: "^node_modules/(@types/)?(express|ws)/" },
  },
  {
    name: "server-not-client",
    comment: "only the composition root builds the client; http/ only translates HTTP and WebSocket",
    from: { path: "^server/", pathNot: "^server/compose[.]ts$" },
    to: { path: "^client/" },
  },
  { name: "no-cycles", comment: "type-only cycles included", from: {}, to: { circular: true } },
  {
    name: "no-unresolved",
    comment: "an import the cruise cannot resolve would leave a hole in the graph",
    from: {},
    to: { couldNotResolve: true },
  },
].map((rule) => ({ severity: "error", ...rule }) as IForbiddenRuleType);

/** Every rule violation under `baseDir`, as "rule: from → to" (a cycle adds its path). */
async function violations(baseDir: string, tsConfigFile?: string): Promise<{ list: string[]; modules: string[] }> {
  const tsConfig = tsConfigFile === undefined ? undefined : join(baseDir, tsConfigFile);
  const { output } = await cruise(
    SOURCES,
    {
      baseDir,
      validate: true,
      ruleSet: { forbidden: RULES },
      tsPreCompilationDeps: true,
      preserveSymlinks: true,
      doNotFollow: { path: "node_modules" },
      enhancedResolveOptions: { exportsFields: ["exports"], conditionNames: ["import", "types", "default", "node"] },
      ...(tsConfig && { tsConfig: { fileName: tsConfig } }),
    },
    {},
    tsConfig === undefined ? {} : { tsConfig: extractTSConfig(tsConfig) },
  );
  const result = output as ICruiseResult;
  const list = result.summary.violations.map(({ rule, from, to, cycle }) => {
    const path = cycle ? ` (${[from, ...cycle.map((step) => step.name)].join(" → ")})` : "";
    return `${rule.name}: ${from} → ${to}${path}`;
  });
  return { list, modules: result.modules.map((module) => module.source) };
}

let rootGraph: ReturnType<typeof violations> | undefined;
/** The repository's own graph, cruised once for all tests here. */
const repository = () => (rootGraph ??= violations(ROOT, "tsconfig.json"));

describe("dependency directions, from the import graph", () => {
  it("hold across server/, client/, detectors/, bin/ and scripts/", async () => {
    const { list, modules } = await repository();
    expect(modules).toEqual(
      expect.arrayContaining(["server/protocol/index.ts", "client/main.ts", "detectors/index.ts", "bin/driftbook.js"]),
    );
    expect(list).toEqual([]);
  });

  it("every rule fires on a tree that breaks it once", async () => {
    const { dir, cleanup } = await tempDir("driftbook-layers-");
    try {
      const files: Record<string, string> = {
        "client/main.ts": 'import "../server/http/routes.ts";\nimport "node:fs";\n',
        "client/build.ts": 'import "node:fs";\n',
        "server/http/routes.ts": "export {};\n",
        "server/http/server.ts": 'import "../../client/main.ts";\n',
        "server/http/ws.ts": "export {};\n",
        "server/protocol/messages.ts": 'import "../store/db.ts";\n',
        "server/store/db.ts": 'import "express";\n',
        "server/demo/credit.ts": 'import "../../detectors/random/rng.ts";\n',
        "server/workbook/parse.ts": 'import "../workspace/workspace.ts";\n',
        "server/workspace/workspace.ts": "export {};\n",
        "server/ingest/csv.ts": 'import "../store/db.ts";\n',
        "server/runtime/host.ts": 'import "../http/ws.ts";\n',
        "server/cycle/a.ts": 'import type { B } from "./b.ts";\nexport type A = B;\n',
        "server/cycle/b.ts": 'import type { A } from "./a.ts";\nexport type B = A | 1;\n',
        "server/missing.ts": 'import "./nowhere.ts";\n',
        "detectors/index.ts": 'export * from "./inputs/columns.ts";\n',
        "detectors/types.ts": 'import "./samples/moments.ts";\n',
        "detectors/inputs/columns.ts": "export {};\n",
        "detectors/samples/moments.ts": "export {};\n",
        "detectors/random/rng.ts": "export {};\n",
        "detectors/classifiers/outOfFold.ts": 'import "../univariate/ks.ts";\n',
        "detectors/univariate/ks.ts": 'import "../../server/store/db.ts";\n',
        "node_modules/express/package.json": '{ "name": "express", "main": "index.js" }\n',
        "node_modules/express/index.js": "module.exports = {};\n",
        "bin/.keep": "",
        "scripts/.keep": "",
      };
      for (const [path, text] of Object.entries(files)) {
        await mkdir(dirname(join(dir, path)), { recursive: true });
        await writeFile(join(dir, path), text);
      }
      const { list } = await violations(dir);
      const fired = new Set(list.map((violation) => violation.slice(0, violation.indexOf(":"))));
      expect([...fired].sort()).toEqual(RULES.map((rule) => rule.name).sort());
      expect(list).toContain(
        "no-cycles: server/cycle/a.ts → server/cycle/b.ts (server/cycle/a.ts → server/cycle/b.ts → server/cycle/a.ts)",
      );
    } finally {
      await cleanup();
    }
  });

  it("every folder of detectors/ is either a public family or a private helper folder", async () => {
    const folders = (await readdir(join(ROOT, "detectors"), { withFileTypes: true }))
      .filter((entry) => entry.isDirectory())
      .map((entry) => entry.name);
    expect(folders.sort()).toEqual([...DETECTORS_PRIVATE, ...DETECTORS_PUBLIC].sort());
  });
});

/** Folders of tests that run whole processes or help others, and so mirror no one source file. */
const UNMIRRORED = ["integration", "reliability", "e2e", "bench", "helpers", "fixtures"];
/** Where a test's source lives: `test/<p>.test.ts` tests `server/<p>.ts`, or `<p>.ts` for the top-level folders. */
const SOURCE_ROOTS = ["server", "client", "detectors"];

/**
 * Tests that do not sit at the path of the source file they are named after: `test/<p>/x.test.ts`
 * must test `server/<p>/x.ts` (or `<p>/x.ts` under client/ and detectors/) when some source file
 * is named `x`. A test named for a behaviour (no source file of its name, as `runAll.test.ts`)
 * may sit in any folder. Returns "test → where it belongs" lines.
 */
async function misplacedTests(root: string): Promise<string[]> {
  const list = async (dir: string) =>
    (await readdir(join(root, dir), { recursive: true, withFileTypes: true }))
      .filter((entry) => entry.isFile())
      .map((entry) => relative(root, join(entry.parentPath, entry.name)));
  const sources = new Map<string, string[]>();
  for (const file of (await Promise.all(SOURCE_ROOTS.map(list))).flat()) {
    const match = /^(.*)\.(ts|js)$/.exec(file);
    if (!match || file.endsWith(".d.ts")) continue;
    const name = basename(match[1]);
    sources.set(name, [...(sources.get(name) ?? []), match[1]]);
  }
  return (await list("test"))
    .filter((file) => file.endsWith(".test.ts") && !UNMIRRORED.includes(file.split("/")[1]))
    .flatMap((file) => {
      const path = file.slice("test/".length, -".test.ts".length);
      const named = sources.get(basename(path)) ?? [];
      const mirrors = named.includes(`server/${path}`) || named.includes(path);
      return named.length === 0 || mirrors ? [] : [`${file} → ${named.map((source) => `${source}.ts`).join(" or ")}`];
    });
}

describe("tests mirror the source tree", () => {
  it("every test named after a source file sits at that file's path", async () => {
    expect(await misplacedTests(ROOT)).toEqual([]);
  });

  it("finds a test beside the wrong folder, and lets behaviour tests and whole-process tests be", async () => {
    const { dir, cleanup } = await tempDir("driftbook-mirror-");
    try {
      const files = [
        "server/http/routes/alerts.ts",
        "server/alerts/state.ts",
        "detectors/univariate/ks.ts",
        "client/.keep",
        "test/alerts/alerts.test.ts",
        "test/alerts/state.test.ts",
        "test/http/routes/alerts.test.ts",
        "test/detectors/ks.test.ts",
        "test/detectors/univariate/ks.test.ts",
        "test/alerts/lifecycle.test.ts",
        "test/reliability/state.test.ts",
        "test/helpers/state.ts",
      ];
      for (const path of files) {
        await mkdir(dirname(join(dir, path)), { recursive: true });
        await writeFile(join(dir, path), "export {};\n");
      }
      expect((await misplacedTests(dir)).sort()).toEqual([
        "test/alerts/alerts.test.ts → server/http/routes/alerts.ts",
        "test/detectors/ks.test.ts → detectors/univariate/ks.ts",
      ]);
    } finally {
      await cleanup();
    }
  });
});

describe("process entry points", () => {
  it("only the entry points (server/cli, bin, the worker process) touch process.argv or process.exit", async () => {
    const { modules } = await repository();
    const entry = (file: string) => file.startsWith("server/cli/") || file === "server/runtime/workerProcess.ts";
    const server = modules.filter((file) => file.startsWith("server/") && /\.ts$/.test(file) && !entry(file));
    const texts = await Promise.all(
      server.map(async (file) => ({ file, text: await readFile(join(ROOT, file), "utf8") })),
    );
    expect(texts.filter(({ text }) => /process\.(argv|exit)\b/.test(text)).map(({ file }) => file)).toEqual([]);
  });
});
