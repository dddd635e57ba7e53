/**
 * The Python client's own suite (clients/python/tests, unittest) against a real server: one
 * started here on a free port over a temporary SQLite file, with an ingest token, whose URL,
 * token and database path the suite reads from its environment; the suite starts further
 * `driftbook serve` processes itself for the tests that kill a server. It runs under the
 * default python3 and under Debian's /usr/bin/python3, where python3-pandas is installed (by
 * .ci/run if need be), so there the DataFrame tests must run: DRIFTBOOK_REQUIRE_PANDAS=1 turns
 * a missing pandas into a failure instead of a skip. Also checks that the package installs
 * with `pip install --no-build-isolation` into a fresh virtual environment, offline, and that
 * the README's FastAPI example, served by uvicorn (Debian's python3-fastapi), logs predictions and
 * labels that a workbook then shows.
 */
import { spawn } from "node:child_process";
import { cp, readFile, writeFile } from "node:fs/promises";
import { createServer, type AddressInfo } from "node:net";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { RunningServer } from "../../server/compose.ts";
import { driftbook, ROOT, runProcess } from "../helpers/cli.ts";
import type { HeadlessReport } from "../helpers/demoWorkbook.ts";
import { startTestServer } from "../helpers/server.ts";
import { tempDir } from "../helpers/workbooks.ts";

const PACKAGE = join(ROOT, "clients/python");
const INGEST_TOKEN = "python-client-ingest-token";
const INTERPRETERS = [
  { python: "python3", requirePandas: false },
  { python: "/usr/bin/python3", requirePandas: true },
];

let server: RunningServer;
let dir: string;
let cleanup: () => Promise<void>;

beforeAll(async () => {
  ({ dir, cleanup } = await tempDir());
  server = await startTestServer({ workbooksDir: dir, auth: { ingestToken: INGEST_TOKEN } });
});

afterAll(async () => {
  await server?.close();
  await cleanup?.();
});

function suiteEnv(requirePandas: boolean): NodeJS.ProcessEnv {
  return {
    ...process.env,
    PYTHONPATH: PACKAGE,
    DRIFTBOOK_URL: server.url,
    DRIFTBOOK_INGEST_TOKEN: INGEST_TOKEN,
    DRIFTBOOK_DB: join(dir, "driftbook.db"),
    DRIFTBOOK_SERVE: JSON.stringify([process.execPath, join(ROOT, "bin/driftbook.js"), "serve"]),
    DRIFTBOOK_REQUIRE_PANDAS: requirePandas ? "1" : "0",
  };
}

describe("the Python client", () => {
  for (const { python, requirePandas } of INTERPRETERS) {
    it(`passes its unittest suite under ${python}`, { timeout: 240_000 }, async () => {
      const result = await runProcess(python, ["-m", "unittest", "discover", "-v", "-s", "clients/python/tests"], {
        env: suiteEnv(requirePandas),
      });
      const report = result.stdout + result.stderr;
      expect(result.code, report).toBe(0);
      expect(report).toMatch(/Ran \d+ tests/);
      if (requirePandas) expect(report, "no test may be skipped where pandas is installed").not.toMatch(/skipped/);
    });
  }

  it("installs offline into a fresh virtual environment and logs from there", { timeout: 120_000 }, async () => {
    // A copy, so the build's egg-info and build/ folders land in the temporary folder.
    const source = join(dir, "package");
    await cp(PACKAGE, source, { recursive: true, filter: (path) => !/__pycache__|egg-info|\/build$/.test(path) });
    const venv = join(dir, "venv");
    const made = await runProcess("python3", ["-m", "venv", venv]);
    expect(made.code, made.stderr).toBe(0);
    const installed = await runProcess(join(venv, "bin/pip"), [
      "install",
      "--no-build-isolation",
      "--no-index",
      "--quiet",
      source,
    ]);
    expect(installed.code, installed.stdout + installed.stderr).toBe(0);
    const logged = await runProcess(
      join(venv, "bin/python"),
      [
        "-c",
        `import sys, driftbook
assert driftbook.__file__.startswith(sys.prefix), driftbook.__file__
client = driftbook.Driftbook(sys.argv[1], "venv_model", sys.argv[2])
client.log({"age": 41, "purpose": "car"}, prediction=0, score=0.21)
assert client.close(10), client.stats()`,
        server.url,
        INGEST_TOKEN,
      ],
      { cwd: dir, env: { PATH: process.env.PATH } },
    );
    expect(logged.code, logged.stderr).toBe(0);
    expect(server.store.model("venv_model")?.rows).toBe(1);
  });

  it("runs the README's FastAPI example, whose predictions a workbook then shows", { timeout: 120_000 }, async () => {
    const readme = await readFile(join(ROOT, "README.md"), "utf8");
    const example = /```python\n(# app\.py\n[\s\S]*?)```/.exec(readme.slice(readme.indexOf("## Python client")));
    expect(example, "the README's Python client section has an app.py block").not.toBeNull();
    const appDir = join(dir, "fastapi");
    await cp(join(PACKAGE, "driftbook"), join(appDir, "driftbook"), { recursive: true });
    await writeFile(join(appDir, "app.py"), example![1]);
    const port = await freePort();
    const uvicorn = spawn("/usr/bin/python3", ["-m", "uvicorn", "app:app", "--port", String(port)], {
      cwd: appDir,
      env: { PATH: process.env.PATH, DRIFTBOOK_URL: server.url, DRIFTBOOK_INGEST_TOKEN: INGEST_TOKEN },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let output = "";
    uvicorn.stdout.on("data", (chunk) => (output += chunk));
    uvicorn.stderr.on("data", (chunk) => (output += chunk));
    const exited = new Promise((resolve) => uvicorn.once("exit", resolve));
    try {
      await waitFor(
        () => output.includes("Uvicorn running"),
        () => output,
      );
      const post = async (path: string, body: unknown) => {
        const answer = await fetch(`http://127.0.0.1:${port}${path}`, {
          method: "POST",
          headers: { "content-type": "application/json" },
          body: JSON.stringify(body),
        });
        expect(answer.status, await answer.clone().text()).toBe(200);
        return (await answer.json()) as { id: string };
      };
      const purposes = ["car", "travel", "home"];
      for (let index = 0; index < 30; index++) {
        const { id } = await post("/predict", { age: 20 + index, income: 1000 * index, purpose: purposes[index % 3] });
        if (index % 2 === 0) await post("/outcome", { id, defaulted: index % 4 === 0 });
      }
    } finally {
      uvicorn.kill("SIGTERM"); // uvicorn's shutdown runs the example's close()
      await exited;
    }
    expect(output).not.toMatch(/Traceback|ERROR/);
    await writeFile(
      join(dir, "api.md"),
      "---\nmodel: credit_api\n---\n\n```js\nconst counts = await sql`select count(*) as predictions, count(label) as labelled from credit_api`;\n```\n\n```js\ncounts.objects()[0]\n```\n",
    );
    const json = join(dir, "api.json");
    const run = await driftbook([
      "run",
      join(dir, "api.md"),
      "--db",
      join(dir, "driftbook.db"),
      "--workbooks",
      dir,
      "--json",
      json,
    ]);
    expect(run.code, run.stderr).toBe(0);
    const report = JSON.parse(await readFile(json, "utf8")) as HeadlessReport;
    const shown = report.cells.flatMap((cell) => cell.outputs ?? []).find((output) => output.kind === "json");
    expect(shown).toMatchObject({ kind: "json", value: { predictions: 30, labelled: 15 } });
  });
});

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer().listen(0, "127.0.0.1", () => {
      const { port } = probe.address() as AddressInfo;
      probe.close(() => resolve(port));
    });
    probe.on("error", reject);
  });
}

async function waitFor(condition: () => boolean, describeState: () => string, timeoutMs = 30_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > end) throw new Error(`timed out waiting: ${describeState()}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
