import { existsSync, mkdirSync, readdirSync, symlinkSync } from "node:fs";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { PathError, Workspace } from "../../server/workspace/workspace.ts";
import { tempDir, writeFiles } from "../helpers/workbooks.ts";

let dir: string;
let cleanup: () => Promise<void>;
let workspace: Workspace;
beforeEach(async () => {
  ({ dir, cleanup } = await tempDir());
  mkdirSync(join(dir, "workbooks"));
  mkdirSync(join(dir, "outside"));
  await writeFiles(dir, { "workbooks/a.md": "# a\n" });
  // A folder inside the workbooks folder that is a link to one outside it.
  symlinkSync(join(dir, "outside"), join(dir, "workbooks", "out"));
  workspace = new Workspace(join(dir, "workbooks"));
});
afterEach(() => cleanup());

describe("Workspace paths through a symbolic link that leaves the folder", () => {
  it("refuses to create a workbook there, or the folders it would go in", async () => {
    await expect(workspace.create("out/new.md", "# new\n")).rejects.toThrow(
      new PathError("workbook path leads outside the workbooks folder: out/new.md"),
    );
    await expect(workspace.create("out/sub/deeper/new.md", "# new\n")).rejects.toThrow(PathError);
    expect(readdirSync(join(dir, "outside"))).toEqual([]);
  });

  it("refuses to rename a workbook there and leaves it in place", async () => {
    await expect(workspace.rename("a.md", "out/a.md")).rejects.toThrow(
      new PathError("workbook path leads outside the workbooks folder: out/a.md"),
    );
    expect(existsSync(join(dir, "workbooks", "a.md"))).toBe(true);
    expect(readdirSync(join(dir, "outside"))).toEqual([]);
  });

  it("still creates and renames into new folders inside it", async () => {
    await workspace.create("team/new.md", "# new\n");
    await workspace.rename("team/new.md", "team/archive/old.md");
    expect(await workspace.list()).toEqual(["a.md", "team/archive/old.md"]);
  });
});
