/**
 * A workbooks folder that cannot be read (missing, a file) is refused by `serve` and
 * `run --all` in one line that names it, says why and what to do, with no stack trace.
 */
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { driftbook, type CliResult } from "../helpers/cli.ts";
import { tempDir, writeFiles } from "../helpers/workbooks.ts";

let dir: string;
let cleanup: () => Promise<void>;
beforeAll(async () => {
  ({ dir, cleanup } = await tempDir());
  await writeFiles(dir, { "plain.txt": "not a folder\n" });
});
afterAll(() => cleanup());

function expectRefused(result: CliResult, command: string, message: string): void {
  expect(result.code, result.stderr).toBe(2);
  expect(result.stderr.trim()).toBe(`driftbook ${command}: ${message}`);
}

describe("a workbooks folder that cannot be read", () => {
  it("is refused by serve and run --all when it does not exist", async () => {
    const folder = join(dir, "missing");
    const db = join(dir, "driftbook.db");
    const message = `cannot read the workbooks folder ${folder}: it does not exist; create it, or run driftbook init to set up a project with a workbooks folder`;
    const [serve, runAll] = await Promise.all([
      driftbook(["serve", "--port", "0", "--workbooks", folder, "--db", db]),
      driftbook(["run", "--all", "--workbooks", folder, "--db", db]),
    ]);
    expectRefused(serve, "serve", message);
    expectRefused(runAll, "run", message);
  });

  it("is refused by serve when it is a file", async () => {
    const file = join(dir, "plain.txt");
    const serve = await driftbook(["serve", "--port", "0", "--workbooks", file, "--db", join(dir, "file.db")]);
    expectRefused(
      serve,
      "serve",
      `cannot read the workbooks folder ${file}: it is not a folder; give --workbooks the folder that holds the workbooks`,
    );
  });
});
