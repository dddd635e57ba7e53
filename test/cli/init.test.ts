import { existsSync } from "node:fs";
import { readFile, realpath, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it, vi, type MockInstance } from "vitest";
import { init } from "../../server/cli/init.ts";
import { driftbook, ROOT } from "../helpers/cli.ts";
import { gitIn, tempRepo } from "../helpers/git.ts";
import { tempDir } from "../helpers/workbooks.ts";

let cleanup: () => Promise<void>;
let log: MockInstance<typeof console.log>;
beforeEach(() => {
  log = vi.spyOn(console, "log").mockImplementation(() => {});
});
afterEach(async () => {
  vi.restoreAllMocks();
  await cleanup();
});

const printed = () => log.mock.calls.map((call) => call.join(" ")).join("\n");
const source = (path: string) => readFile(join(ROOT, path), "utf8");

describe("driftbook init", () => {
  it("creates the folder, its files and a git repository when outside one", async () => {
    const temp = await tempDir();
    cleanup = temp.cleanup;
    const dir = join(temp.dir, "monitoring");

    expect(await init([dir])).toBe(0);
    for (const name of [
      "getting-started.md",
      "credit-drift.md",
      "credit-performance.md",
      "credit-online.md",
      "credit-text.md",
    ]) {
      expect(await readFile(join(dir, "workbooks", name), "utf8")).toBe(await source(`workbooks/${name}`));
    }
    expect(await readFile(join(dir, "driftbook.config.json"), "utf8")).toBe(
      await source("driftbook.config.example.json"),
    );
    expect((await readFile(join(dir, ".gitignore"), "utf8")).split("\n")).toEqual(
      expect.arrayContaining(["data/", "driftbook.config.json", "node_modules/"]),
    );
    expect(await readFile(join(dir, "README.md"), "utf8")).toMatch(/driftbook serve --workbooks workbooks/);
    expect((await gitIn(dir, "rev-parse", "--show-toplevel")).trim()).toBe(await realpath(dir));
    expect(printed()).toMatch(/created {2}workbooks\/credit-drift\.md/);
    expect(printed()).toMatch(/initialized an empty repository/);
  });

  it("does not run git init inside an existing repository", async () => {
    const repo = await tempRepo({ folder: "monitoring" });
    cleanup = repo.cleanup;

    expect(await init([repo.workbooks])).toBe(0);
    expect(existsSync(join(repo.workbooks, ".git"))).toBe(false);
    expect((await gitIn(repo.workbooks, "rev-parse", "--show-toplevel")).trim()).toBe(await realpath(repo.top));
    expect(existsSync(join(repo.workbooks, "workbooks", "getting-started.md"))).toBe(true);
    expect(printed()).toMatch(/already inside the repository/);
  });

  it("never overwrites an existing file", async () => {
    const temp = await tempDir();
    cleanup = temp.cleanup;
    await writeFile(join(temp.dir, "driftbook.config.json"), '{"channels": {}}\n');

    expect(await init([temp.dir])).toBe(0);
    expect(await readFile(join(temp.dir, "driftbook.config.json"), "utf8")).toBe('{"channels": {}}\n');
    expect(printed()).toMatch(/skipped {2}driftbook\.config\.json \(already exists\)/);
    await writeFile(join(temp.dir, "workbooks", "credit-drift.md"), "# mine\n");

    expect(await init([temp.dir])).toBe(0);
    expect(await readFile(join(temp.dir, "workbooks", "credit-drift.md"), "utf8")).toBe("# mine\n");
    expect(printed()).toMatch(/skipped {2}README\.md \(already exists\)/);
  });

  it("refuses more than one folder", async () => {
    cleanup = async () => {};
    await expect(init(["a", "b"])).rejects.toThrow(/expected at most one folder/);
  });

  it("is a command of the CLI", async () => {
    const temp = await tempDir();
    cleanup = temp.cleanup;
    const dir = join(temp.dir, "project");
    const result = await driftbook(["init", dir]);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toMatch(/created {2}workbooks\/getting-started\.md/);
    expect(existsSync(join(dir, ".git"))).toBe(true);
    expect((await driftbook(["--help"])).stdout).toMatch(/init +create a project/);
  });
});
