import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Provenance } from "../../server/protocol/index.ts";
import type { RunReport } from "../../server/runtime/runWorkbook.ts";
import { DRIFTBOOK_VERSION } from "../../server/runs/provenance.ts";
import { driftbook } from "../helpers/cli.ts";
import { tempDir, workbookText, writeFiles } from "../helpers/workbooks.ts";

let dir: string;
let cleanup: () => Promise<void>;
beforeAll(async () => {
  ({ dir, cleanup } = await tempDir());
  await writeFiles(dir, {
    "broken.md": workbookText(
      "const x = 1;",
      "const x = 2;",
      "const a = b;",
      "const b = a;",
      "const healthy = 'fine';\ndisplay(healthy);",
    ),
    "spin.md": workbookText("const before = 1;", "while (true) {}"),
    "thrown.md": "# Thrown\n\n" + workbookText("const a = {};\nconst b = a.missing.deeper;"),
    "window.md":
      "---\nparams:\n  segment: eu\n---\n\n" +
      workbookText("```sql points\nselect 1764147600000 as ts union all select 1764151200000 as ts\n```"),
    "params.md": "---\nparams:\n  n: 2\n---\n\n" + workbookText("params.n * 10"),
    "declared.md":
      "---\nparams:\n  region: {type: select, options: [eu, us], default: eu}\n---\n\n" + workbookText("params.region"),
  });
});
afterAll(() => cleanup());

/** Every run is recorded: each test's runs go to a database in the temporary folder. */
const db = () => join(dir, "runs.db");

async function report(file: string): Promise<RunReport> {
  return JSON.parse(await readFile(file, "utf8"));
}

describe("driftbook run", () => {
  it("runs the example workbook to a JSON report and a self-contained HTML page with a Plot chart", async () => {
    const json = join(dir, "out.json");
    const html = join(dir, "out.html");
    const result = await driftbook([
      "run",
      "--db",
      db(),
      "workbooks/getting-started.md",
      "--json",
      json,
      "--html",
      html,
    ]);
    expect(result.stderr).toBe("");
    expect(result.code).toBe(0);
    const run = await report(json);
    expect(run).toMatchObject({ workbook: "workbooks/getting-started.md", status: "ok", alerts: [] });
    expect(run.cells.every((cell) => cell.status === "fulfilled")).toBe(true);
    // One line per cell, then the summary.
    expect(result.stdout.trim().split("\n")).toHaveLength(run.cells.length + 1);
    const page = await readFile(html, "utf8");
    expect(page).toMatch(/<svg[^>]*>/);
    expect(page).not.toMatch(/<script|<link /);
  });

  it("exits 2 when cells fail, with the healthy cell fulfilled and the others carrying their errors", async () => {
    const json = join(dir, "broken.json");
    const result = await driftbook(["run", "--db", db(), join(dir, "broken.md"), "--json", json]);
    expect(result.code).toBe(2);
    const run = await report(json);
    expect(run.status).toBe("failed");
    expect(run.cells.map((cell) => cell.status)).toEqual(["rejected", "rejected", "rejected", "rejected", "fulfilled"]);
    expect(run.cells[0].error).toMatchObject({
      message: expect.stringMatching(/x is defined more than once/),
      line: 2,
    });
    expect(run.cells[1].error?.message).toMatch(/x is defined more than once/);
    expect(run.cells[2].error?.message).toMatch(/circular definition/);
    expect(run.cells[3].error?.message).toMatch(/circular definition/);
    expect(run.cells[4].outputs).toEqual([{ kind: "json", value: "fine" }]);
    expect(result.stdout).toMatch(/failed: 1 of 5 cells fulfilled/);
  });

  it("places a thrown error in the file on stdout and in both the file and the cell in the JSON", async () => {
    const json = join(dir, "thrown.json");
    const result = await driftbook(["run", "--db", db(), join(dir, "thrown.md"), "--json", json]);
    expect(result.code).toBe(2);
    // The cell's source starts on file line 4; V8 points at the property it could not read.
    const message = "Cannot read properties of undefined (reading 'deeper')";
    expect((await report(json)).cells[0].error).toEqual({ message, line: 5, column: 21, cellLine: 2, cellColumn: 21 });
    expect(result.stdout).toContain(`line 5:21: ${message}`);
  });

  it("writes the report's provenance and the data each query read into --json and the --html header", async () => {
    const [json, html] = [join(dir, "window.json"), join(dir, "window.html")];
    const file = join(dir, "window.md");
    const before = Date.now();
    const result = await driftbook([
      "run",
      "--db",
      db(),
      file,
      "--param",
      "segment=us",
      "--json",
      json,
      "--html",
      html,
    ]);
    expect(result.code).toBe(0);
    const written = (await report(json)) as RunReport & { provenance: Provenance };
    expect(written.dataWindows).toEqual([
      {
        cellIndex: 0,
        sql: "select 1764147600000 as ts union all select 1764151200000 as ts",
        rows: 2,
        from: 1764147600000,
        to: 1764151200000,
      },
    ]);
    expect(written.provenance).toEqual({
      generatedAt: expect.any(Number),
      workbook: file,
      params: { segment: "us" },
      trigger: "cli",
      production: false, // segment differs from the front matter's: a what-if
      driftbookVersion: DRIFTBOOK_VERSION,
    });
    expect(written.provenance.generatedAt).toBeGreaterThanOrEqual(before);
    const page = await readFile(html, "utf8");
    expect(page).toContain("<dt>Params</dt><dd>segment = &quot;us&quot;</dd>");
    expect(page.replace(/<\/?time[^>]*>/g, "")).toContain(
      "· 2 rows · ts 2025-11-26 09:00:00 UTC to 2025-11-26 10:00:00 UTC</li>",
    );
    expect(page).toContain(`<dt>Driftbook</dt><dd>${DRIFTBOOK_VERSION}</dd>`);
  });

  it("stops a spinning cell at --cell-timeout and reports it as a timeout", async () => {
    const json = join(dir, "spin.json");
    const result = await driftbook(["run", "--db", db(), join(dir, "spin.md"), "--cell-timeout", "2", "--json", json]);
    expect(result.code).toBe(2);
    expect(result.ms).toBeLessThan(15_000);
    const run = await report(json);
    expect(run.cells.map((cell) => cell.status)).toEqual(["fulfilled", "timeout"]);
    expect(run.cells[1].error?.message).toMatch(/time limit of 2 s/);
  });

  it("refuses cell limits it cannot honour, naming the option", async () => {
    const low = await driftbook(["run", "--db", db(), join(dir, "spin.md"), "--cell-memory", "64"]);
    expect(low.code).toBe(2);
    expect(low.stderr).toMatch(/--cell-memory must be at least 128 MB/);
    const output = await driftbook(["run", "--db", db(), join(dir, "spin.md"), "--max-output", "0"]);
    expect(output.code).toBe(2);
    expect(output.stderr).toMatch(/--max-output must be a positive number of megabytes, got "0"/);
    const user = await driftbook(["run", "--db", db(), join(dir, "spin.md"), "--cell-user=../root"]);
    expect(user.code).toBe(2);
    expect(user.stderr).toMatch(
      process.getuid?.() === 0
        ? /--cell-user takes a user name, got "..\/root"/
        : /--cell-user needs the server to run as root/,
    );
  });

  it("overrides front-matter params with --param and rejects unknown ones by name", async () => {
    const json = join(dir, "params.json");
    expect(
      (await driftbook(["run", "--db", db(), join(dir, "params.md"), "--param", "n=5", "--json", json])).code,
    ).toBe(0);
    expect((await report(json)).cells[0].outputs).toEqual([{ kind: "json", value: 50 }]);
    const bad = await driftbook(["run", "--db", db(), join(dir, "params.md"), "--param", "m=5"]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/unknown parameter "m"/);
  });

  it("checks --param against a declared param's options", async () => {
    const json = join(dir, "declared.json");
    const run = await driftbook([
      "run",
      "--db",
      db(),
      join(dir, "declared.md"),
      "--param",
      "region=us",
      "--json",
      json,
    ]);
    expect(run.code).toBe(0);
    expect((await report(json)).cells[0].outputs).toEqual([{ kind: "json", value: "us" }]);
    const bad = await driftbook(["run", "--db", db(), join(dir, "declared.md"), "--param", "region=asia"]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/parameter "region" expects one of "eu", "us", got "asia"/);
  });

  it("names a missing workbook and a bad option", async () => {
    const missing = await driftbook(["run", "--db", db(), join(dir, "nope.md")]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/no such workbook: .*nope\.md/);
    const badOption = await driftbook(["run", "--db", db(), join(dir, "spin.md"), "--cell-timeout", "soon"]);
    expect(badOption.code).toBe(2);
    expect(badOption.stderr).toMatch(/--cell-timeout must be a positive number of seconds, got "soon"/);
  });
});

describe("driftbook check", () => {
  it("prints each problem as file:line and exits 1, or 0 for a clean workbook", async () => {
    const broken = await driftbook(["check", join(dir, "broken.md")]);
    expect(broken.code).toBe(1);
    expect(broken.stdout).toMatch(/broken\.md:2(:\d+)?: cell 1: x is defined more than once/);
    expect(broken.stdout).toMatch(/cell 3: circular definition/);
    const clean = await driftbook(["check", "workbooks/getting-started.md"]);
    expect(clean.stdout).toMatch(/no problems/);
    expect(clean.code).toBe(0);
  });
});
