import { readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DRIFTBOOK_VERSION, gitCommitOf, reportProvenance } from "../../server/runs/provenance.ts";
import { ROOT } from "../helpers/cli.ts";
import { gitIn, tempRepo } from "../helpers/git.ts";
import { tempDir, workbookText } from "../helpers/workbooks.ts";

let repo: Awaited<ReturnType<typeof tempRepo>>;
let outside: Awaited<ReturnType<typeof tempDir>>;
let commit: string;
beforeAll(async () => {
  repo = await tempRepo();
  outside = await tempDir();
  await writeFile(join(repo.workbooks, "daily.md"), workbookText("1"));
  await gitIn(repo.top, "add", "-A");
  await gitIn(repo.top, "commit", "-q", "-m", "Add the daily check");
  commit = (await gitIn(repo.top, "rev-parse", "HEAD")).trim();
  await writeFile(join(outside.dir, "loose.md"), workbookText("1"));
});
afterAll(async () => {
  await repo.cleanup();
  await outside.cleanup();
});

const base = { workbook: "daily.md", params: { window: "24h" }, trigger: "manual" as const, now: () => 1234 };

describe("reportProvenance", () => {
  it("names the commit that last changed the file, and says when the file no longer matches it", async () => {
    const file = join(repo.workbooks, "daily.md");
    expect(await reportProvenance({ ...base, file })).toEqual({
      generatedAt: 1234,
      workbook: "daily.md",
      gitCommit: commit,
      gitStatus: "clean",
      params: { window: "24h" },
      trigger: "manual",
      driftbookVersion: DRIFTBOOK_VERSION,
    });
    await writeFile(file, workbookText("2"));
    expect(await reportProvenance({ ...base, file })).toMatchObject({ gitCommit: commit, gitStatus: "modified" });
    expect(await gitCommitOf(file)).toBe(commit);
  });

  it("says a past version's text is that commit's, and a file never committed or outside git has no commit", async () => {
    const past = await reportProvenance({ ...base, file: join(repo.workbooks, "daily.md"), commit: "abc1234" });
    expect(past).toMatchObject({ gitCommit: "abc1234", gitStatus: "clean" });
    await writeFile(join(repo.workbooks, "fresh.md"), workbookText("1"));
    const fresh = await reportProvenance({ ...base, file: join(repo.workbooks, "fresh.md") });
    expect(fresh.gitStatus).toBe("untracked");
    expect(fresh).not.toHaveProperty("gitCommit");
    const loose = await reportProvenance({ ...base, file: join(outside.dir, "loose.md") });
    expect(loose).not.toHaveProperty("gitCommit");
    expect(loose).not.toHaveProperty("gitStatus");
  });

  it("reads Driftbook's version from its package.json", async () => {
    const pkg = JSON.parse(await readFile(join(ROOT, "package.json"), "utf8")) as { version: string };
    expect(DRIFTBOOK_VERSION).toBe(pkg.version);
  });
});
