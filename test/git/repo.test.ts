import { randomBytes } from "node:crypto";
import { existsSync } from "node:fs";
import { mkdir, realpath, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { NothingToCommitError } from "../../server/git/commit.ts";
import { git, GitError } from "../../server/git/exec.ts";
import { GitInputError } from "../../server/git/inputs.ts";
import { WorkbookRepo } from "../../server/git/repo.ts";
import { gitIn, tempRepo } from "../helpers/git.ts";
import { tempDir } from "../helpers/workbooks.ts";

let top: string;
let workbooks: string;
let cleanup: () => Promise<void>;
afterEach(() => cleanup());

/** Writes workbooks (path relative to the workbooks folder → text). */
async function write(files: Record<string, string>): Promise<void> {
  for (const [path, text] of Object.entries(files)) {
    await mkdir(join(workbooks, path, ".."), { recursive: true });
    await writeFile(join(workbooks, path), text);
  }
}

/** Commits everything with git itself, as `name`, and returns the commit. */
async function commitAll(message: string, name = "Test Person", email = "test@example.com"): Promise<string> {
  await gitIn(top, "add", "-A");
  await gitIn(top, "-c", `user.name=${name}`, "-c", `user.email=${email}`, "commit", "-q", "-m", message);
  return (await gitIn(top, "rev-parse", "HEAD")).trim();
}

async function openRepo(): Promise<WorkbookRepo> {
  const repo = await WorkbookRepo.open(workbooks);
  if (!repo) throw new Error("expected a repository");
  return repo;
}

describe("WorkbookRepo in a subfolder of the repository", () => {
  beforeEach(async () => {
    ({ top, workbooks, cleanup } = await tempRepo({ folder: "monitoring" }));
  });

  it("knows the repository's top and the folder's prefix", async () => {
    const repo = await openRepo();
    expect(repo.workTree).toEqual({ toplevel: await realpath(top), prefix: "monitoring/" });
    expect(await repo.head()).toBeUndefined();
    expect(await repo.log("a.md")).toEqual([]);
  });

  it("reports modified, untracked, added, deleted and clean workbooks, and nothing outside the folder", async () => {
    await write({ "a.md": "a\n", "b.md": "b\n", "c.md": "c\n" });
    await writeFile(join(top, "outside.md"), "outside\n");
    await commitAll("first");
    await write({
      "a.md": "a changed\n",
      "new.md": "new\n",
      "team/x.md": "x\n",
      "staged.md": "staged\n",
      "notes.txt": "not a workbook\n",
    });
    await writeFile(join(top, "outside.md"), "outside changed\n");
    await gitIn(top, "add", "--", "monitoring/staged.md");
    await rm(join(workbooks, "c.md"));
    const repo = await openRepo();

    expect(Object.fromEntries(await repo.status())).toEqual({
      "a.md": "modified",
      "c.md": "deleted",
      "new.md": "untracked",
      "staged.md": "added",
      "team/x.md": "untracked",
    });
    expect(Object.fromEntries(await repo.status(["b.md", "a.md"]))).toEqual({ "b.md": "clean", "a.md": "modified" });
    expect(await repo.statusOf("b.md")).toBe("clean");
    expect(await repo.statusOf("staged.md")).toBe("added");
  });

  it("lists a workbook's history newest first, with authors and messages, and shows old versions", async () => {
    await write({ "a.md": "version 1\n" });
    const first = await commitAll("Add a\n\nWhy: to start.", "Ann Author", "ann@example.com");
    await write({ "a.md": "version 2\n", "b.md": "b\n" });
    const second = await commitAll("Change a", "Bob Builder", "bob@example.com");
    await write({ "b.md": "b changed\n" });
    await commitAll("Only b");
    const repo = await openRepo();

    const history = await repo.log("a.md");
    expect(
      history.map(({ commit, author, email, message, body }) => ({ commit, author, email, message, body })),
    ).toEqual([
      { commit: second, author: "Bob Builder", email: "bob@example.com", message: "Change a", body: undefined },
      { commit: first, author: "Ann Author", email: "ann@example.com", message: "Add a", body: "Why: to start." },
    ]);
    expect(second.startsWith(history[0].shortCommit)).toBe(true);
    expect(Number.isNaN(Date.parse(history[0].date))).toBe(false);
    expect(await repo.log("a.md", { limit: 1 })).toHaveLength(1);
    expect(await repo.lastCommitOf("a.md")).toBe(second);
    expect(await repo.lastCommitOf("never.md")).toBeUndefined();

    expect(await repo.show("a.md", first)).toBe("version 1\n");
    expect(await repo.show("a.md", first.slice(0, 7))).toBe("version 1\n");
    expect(await repo.show("a.md", "HEAD~1")).toBe("version 2\n");
    expect(await repo.show("a.md", "HEAD")).toBe("version 2\n");
    expect(await repo.show("b.md", first)).toBeUndefined();
  });

  it("treats workbook names literally, never as globs", async () => {
    await write({ "a.md": "a\n" });
    await commitAll("a");
    await write({ "*.md": "star\n" });
    const star = await commitAll("star");
    await write({ "a.md": "a changed\n" });
    const repo = await openRepo();
    expect((await repo.log("*.md")).map((c) => c.commit)).toEqual([star]);
    expect(await repo.statusOf("*.md")).toBe("clean");
    expect(await repo.show("*.md", "HEAD")).toBe("star\n");
  });

  it("commits one workbook alone: another staged file stays staged and out of the commit", async () => {
    await write({ "a.md": "a\n", "other.md": "other\n" });
    const before = await commitAll("first");
    await write({ "a.md": "a changed\n", "other.md": "other changed\n" });
    await writeFile(join(top, "root.txt"), "staged outside the folder\n");
    await gitIn(top, "add", "--", "monitoring/other.md", "root.txt");
    const repo = await openRepo();

    const { commit } = await repo.commitFile("a.md", "  Edit a  \n", { name: "Web User", email: "web@example.com" });
    expect(await repo.head()).toBe(commit);
    expect((await gitIn(top, "rev-parse", `${commit}^`)).trim()).toBe(before);
    expect((await gitIn(top, "show", "--name-only", "--format=", commit)).trim()).toBe("monitoring/a.md");
    expect((await gitIn(top, "log", "-1", "--format=%an <%ae>|%cn|%s", commit)).trim()).toBe(
      "Web User <web@example.com>|Web User|Edit a",
    );
    expect((await gitIn(top, "diff", "--cached", "--name-only")).trim().split("\n")).toEqual([
      "monitoring/other.md",
      "root.txt",
    ]);
    expect(Object.fromEntries(await repo.status())).toEqual({ "other.md": "modified" });
    expect(await repo.show("a.md", "HEAD")).toBe("a changed\n");
    expect(await gitIn(top, "reflog", "-1", "--format=%gs")).toMatch(/driftbook: commit monitoring\/a\.md/);
  });

  it("commits a deletion, the first commit of a branch, and refuses when nothing changed", async () => {
    await write({ "a.md": "a\n" });
    const repo = await openRepo();
    const { commit: first } = await repo.commitFile("a.md", "Add a");
    expect(await repo.head()).toBe(first);
    expect((await repo.log("a.md"))[0]).toMatchObject({ commit: first, author: "Test Person", message: "Add a" });
    await expect(repo.commitFile("a.md", "again")).rejects.toThrow(NothingToCommitError);

    await rm(join(workbooks, "a.md"));
    expect(await repo.statusOf("a.md")).toBe("deleted");
    const { commit: removal } = await repo.commitFile("a.md", "Remove a");
    expect(await repo.show("a.md", removal)).toBeUndefined();
    expect(await repo.statusOf("a.md")).toBe("clean");
    expect(await repo.lastCommitOf("a.md")).toBe(removal);
  });

  it("runs concurrent commits one after another", async () => {
    await write({ "a.md": "a\n", "b.md": "b\n" });
    const repo = await openRepo();
    const [a, b] = await Promise.all([repo.commitFile("a.md", "Add a"), repo.commitFile("b.md", "Add b")]);
    expect((await gitIn(top, "rev-list", "HEAD")).trim().split("\n")).toEqual([b.commit, a.commit]);
    expect(Object.fromEntries(await repo.status())).toEqual({});
  });

  it("explains a missing message or author", async () => {
    await write({ "a.md": "a\n" });
    const repo = await openRepo();
    await expect(repo.commitFile("a.md", "  \n")).rejects.toThrow(new GitInputError("a commit message is required"));
    await expect(repo.commitFile("a.md", "m", { name: "", email: "x@example.com" })).rejects.toThrow(GitInputError);
    await gitIn(top, "config", "--unset", "user.name");
    vi.stubEnv("GIT_CONFIG_GLOBAL", "/dev/null");
    vi.stubEnv("GIT_CONFIG_NOSYSTEM", "1");
    try {
      await expect(repo.commitFile("a.md", "m")).rejects.toThrow(
        /set git config user\.name and user\.email .* or start the server with --git-author/,
      );
    } finally {
      vi.unstubAllEnvs();
    }
    expect(await repo.head()).toBeUndefined();
  });

  it("refuses hostile revisions and paths before running git", async () => {
    await write({ "a.md": "a\n" });
    await commitAll("first");
    const repo = await openRepo();
    const token = randomBytes(6).toString("hex");
    const output = join(tmpdir(), `driftbook-output-${token}`);
    const pwned = join(tmpdir(), `driftbook-pwned-${token}`);
    const revisions = [
      `--output=${output}`,
      ";rm -rf /",
      `$(touch ${pwned})`,
      "HEAD:../../etc/passwd",
      "..",
      "HEAD^",
      "HEAD@{1}",
      "",
      "deadbeef",
    ];
    for (const revision of revisions) {
      await expect(repo.show("a.md", revision), revision).rejects.toThrow(GitInputError);
    }
    const paths = ["../x.md", "-x.md", "/etc/passwd", "a/../../b.md", "./a.md", "a.txt", "", "a\0.md", "..\\x.md"];
    for (const path of paths) {
      await expect(repo.show(path, "HEAD"), path).rejects.toThrow(GitInputError);
      await expect(repo.log(path), path).rejects.toThrow(GitInputError);
      await expect(repo.status([path]), path).rejects.toThrow(GitInputError);
      await expect(repo.lastCommitOf(path), path).rejects.toThrow(GitInputError);
      await expect(repo.commitFile(path, "m"), path).rejects.toThrow(GitInputError);
    }
    expect(existsSync(output)).toBe(false);
    expect(existsSync(pwned)).toBe(false);
  });
});

describe("WorkbookRepo at the repository's top", () => {
  beforeEach(async () => {
    ({ top, workbooks, cleanup } = await tempRepo({ folder: "" }));
  });

  it("has an empty prefix and works on top-level paths", async () => {
    await write({ "a.md": "a\n", "team/b.md": "b\n" });
    await commitAll("first");
    await write({ "a.md": "a changed\n", "team/b.md": "b changed\n" });
    const repo = await openRepo();
    expect(repo.workTree.prefix).toBe("");
    expect(Object.fromEntries(await repo.status())).toEqual({ "a.md": "modified", "team/b.md": "modified" });
    const { commit } = await repo.commitFile("team/b.md", "Edit b");
    expect(Object.fromEntries(await repo.status())).toEqual({ "a.md": "modified" });
    expect(await repo.show("team/b.md", commit)).toBe("b changed\n");
    expect((await repo.log("team/b.md")).map((c) => c.message)).toEqual(["Edit b", "first"]);
  });
});

describe("WorkbookRepo.open outside a repository", () => {
  it("answers undefined for a folder in no repository and for a missing folder", async () => {
    const { dir, cleanup: remove } = await tempDir();
    cleanup = remove;
    expect(await WorkbookRepo.open(dir)).toBeUndefined();
    expect(await WorkbookRepo.open(join(dir, "missing"))).toBeUndefined();
    await expect(git(["log"], { cwd: dir })).rejects.toThrow(
      new GitError("git log failed: fatal: not a git repository (or any of the parent directories): .git", 128),
    );
  });
});
