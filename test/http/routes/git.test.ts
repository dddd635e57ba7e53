import { existsSync } from "node:fs";
import { readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { RunningServer } from "../../../server/compose.ts";
import type {
  CommitResponse,
  WorkbookDiffResponse,
  WorkbookFile,
  WorkbookGitInfo,
  WorkbookSummary,
} from "../../../server/protocol/index.ts";
import { gitIn, tempRepo } from "../../helpers/git.ts";
import { startTestServer } from "../../helpers/server.ts";
import { tempDir, workbookText } from "../../helpers/workbooks.ts";

const V1 = "---\ntitle: Daily\n---\n\n# Daily\n\n" + workbookText("const threshold = 0.1;", "threshold * 100");
const V2 =
  '---\ntitle: Daily\nschedule: "0 * * * *"\n---\n\n# Daily\n\n' +
  workbookText("const threshold = 0.2;", "threshold * 100", "'new cell'");

let server: RunningServer;
let repo: Awaited<ReturnType<typeof tempRepo>>;
let data: Awaited<ReturnType<typeof tempDir>>;
let first: string;
let second: string;
beforeAll(async () => {
  repo = await tempRepo({ folder: "monitoring" });
  await writeFile(join(repo.workbooks, "daily.md"), V1);
  await gitIn(repo.top, "add", "-A");
  await gitIn(repo.top, "commit", "-q", "-m", "Add the daily check");
  first = (await gitIn(repo.top, "rev-parse", "HEAD")).trim();
  await writeFile(join(repo.workbooks, "daily.md"), V2);
  await gitIn(repo.top, "commit", "-q", "-am", "Raise the threshold, run hourly");
  second = (await gitIn(repo.top, "rev-parse", "HEAD")).trim();
  data = await tempDir();
  server = await startTestServer({ workbooksDir: repo.workbooks, dbPath: join(data.dir, "test.db") });
});
afterAll(async () => {
  await server.close();
  await repo.cleanup();
  await data.cleanup();
});

const api = (path: string, init: RequestInit = {}) =>
  fetch(`${server.url}/api/v1/workbooks/${path}`, {
    ...init,
    headers: { "content-type": "application/json", ...init.headers },
  });
// eslint-disable-next-line @typescript-eslint/no-explicit-any
const json = async (response: Response): Promise<any> => response.json();
const info = async (path = "daily.md") =>
  (await json(await api(`${path}/git`))) as WorkbookGitInfo & { repository: true };

describe("the git API", () => {
  it("shows a workbook's status and history, in the list too", async () => {
    const clean = await info();
    expect(clean).toMatchObject({ repository: true, status: "clean" });
    expect(clean.history.map((c) => [c.commit, c.message, c.author])).toEqual([
      [second, "Raise the threshold, run hourly", "Test Person"],
      [first, "Add the daily check", "Test Person"],
    ]);
    await writeFile(join(repo.workbooks, "daily.md"), V2 + "\nMore prose.\n");
    await writeFile(join(repo.workbooks, "fresh.md"), workbookText("1"));
    expect((await info()).status).toBe("modified");
    expect((await info("fresh.md")).status).toBe("untracked");
    const list = (await json(await api(""))) as WorkbookSummary[];
    expect(list.map((w) => [w.path, w.git])).toEqual([
      ["daily.md", "modified"],
      ["fresh.md", "untracked"],
    ]);
  });

  it("diffs any commit against the working file cell by cell", async () => {
    const { commit, existed, diff } = (await json(
      await api(`daily.md/git/diff?rev=${first.slice(0, 7)}`),
    )) as WorkbookDiffResponse;
    expect(commit).toBe(first);
    expect(existed).toBe(true);
    expect(diff.frontMatter.changed).toBe(true);
    expect(diff.frontMatter.after).toContain("schedule");
    const changes = diff.blocks.map((block) => `${block.type}:${block.change}`);
    expect(changes).toEqual([
      "prose:same",
      "cell:changed",
      "prose:same",
      "cell:same",
      "prose:added",
      "cell:added",
      "prose:added",
    ]);
    const changed = diff.blocks[1];
    expect(changed.lines).toEqual(
      expect.arrayContaining([
        { op: "del", text: "const threshold = 0.1;" },
        { op: "add", text: "const threshold = 0.2;" },
      ]),
    );
    const head = (await json(await api("daily.md/git/diff?rev=HEAD"))) as WorkbookDiffResponse;
    expect(head.commit).toBe(second);
    expect(
      head.diff.blocks.filter((block) => block.change !== "same").map((block) => [block.change, block.after]),
    ).toEqual([["added", "\nMore prose.\n"]]);
  });

  it("commits that workbook alone, leaving what else is staged as it was", async () => {
    await writeFile(join(repo.top, "model.py"), "print('staged, not mine')\n");
    await gitIn(repo.top, "add", "model.py");
    const response = await api("daily.md/git/commit", {
      method: "POST",
      body: JSON.stringify({ message: "Add more prose" }),
    });
    expect(response.status).toBe(201);
    const { commit, shortCommit } = (await json(response)) as CommitResponse;
    expect(shortCommit).toBe(commit.slice(0, 7));
    expect((await gitIn(repo.top, "show", "--name-only", "--format=%s", commit)).trim().split("\n")).toEqual([
      "Add more prose",
      "",
      "monitoring/daily.md",
    ]);
    expect(await gitIn(repo.top, "status", "--porcelain")).toBe("A  model.py\n?? monitoring/fresh.md\n");
    const after = await info();
    expect(after.status).toBe("clean");
    expect(after.history[0]).toMatchObject({ commit, message: "Add more prose" });

    const again = await api("daily.md/git/commit", { method: "POST", body: JSON.stringify({ message: "Nothing" }) });
    expect(again.status).toBe(409);
    expect((await json(again)).error).toMatch(/nothing to commit/);
    const empty = await api("daily.md/git/commit", { method: "POST", body: JSON.stringify({ message: "  " }) });
    expect(empty.status).toBe(400);
    expect(await json(empty)).toMatchObject({ field: "message" });
  });

  it("runs a past version read-only on today's data, and restores it through a conditional save", async () => {
    const report = await fetch(`${server.url}/api/v1/workbooks/daily.md/git/report?rev=${first}`);
    expect(report.status).toBe(200);
    const html = await report.text();
    expect(html).toContain(`as of ${first.slice(0, 7)}`);
    expect(html).toContain(">10<");
    expect(html).toContain(`<dt>Version</dt><dd>commit ${first.slice(0, 12)}, as committed</dd>`);
    expect(html).toContain("<dt>Trigger</dt><dd>preview: shown on request, not a recorded run</dd>");
    expect(await readFile(join(repo.workbooks, "daily.md"), "utf8")).toContain("0.2");

    const current = (await json(await api("daily.md"))) as WorkbookFile;
    const stale = await api("daily.md/git/restore", {
      method: "POST",
      headers: { "if-match": '"0000000000000000"' },
      body: JSON.stringify({ rev: first }),
    });
    expect(stale.status).toBe(409);
    const restored = await api("daily.md/git/restore", {
      method: "POST",
      headers: { "if-match": `"${current.version}"` },
      body: JSON.stringify({ rev: first }),
    });
    expect(restored.status).toBe(200);
    expect(await readFile(join(repo.workbooks, "daily.md"), "utf8")).toBe(V1);
    expect((await info()).status).toBe("modified");
  });

  it("refuses hostile revisions and paths, and writes nothing outside the folder", async () => {
    const marker = join(repo.top, "pwned");
    for (const rev of [
      "--output=" + marker,
      ";rm -rf /",
      "$(touch " + marker + ")",
      "HEAD:../../etc/passwd",
      "..",
      "HEAD^{tree}",
      "-1",
    ]) {
      const diff = await api(`daily.md/git/diff?rev=${encodeURIComponent(rev)}`);
      expect(diff.status, rev).toBe(400);
      expect((await json(diff)).error).toMatch(/revision/);
      const restore = await api("daily.md/git/restore", {
        method: "POST",
        headers: { "if-match": '"x"' },
        body: JSON.stringify({ rev }),
      });
      expect(restore.status, rev).toBe(400);
    }
    expect((await api("daily.md/git/diff?rev=abcdef0123")).status).toBe(400);
    expect((await fetch(`${server.url}/api/v1/workbooks/..%2F..%2Fetc%2Fpasswd.md/git`)).status).toBe(400);
    expect((await api("notes.txt/git")).status).toBe(400);
    expect(existsSync(marker)).toBe(false);
  });

  it("previews a past version's alert rules from the stored state, never as firing", async () => {
    const gated = workbookText("const n = 5;", "```alert many\nwhen: n > 3\nfor: 2 runs\n```");
    await writeFile(join(repo.workbooks, "gated.md"), gated);
    await gitIn(repo.workbooks, "add", "gated.md");
    await gitIn(repo.top, "commit", "-q", "-m", "Add a gated rule");
    const html = await (await fetch(`${server.url}/api/v1/workbooks/gated.md/git/report?rev=HEAD`)).text();
    expect(html).toContain("preview: pending 1/2 · would fire after 1 more run · stored: normal · value 5");
    expect(await json(await fetch(`${server.url}/api/v1/alerts?workbook=gated.md`))).toEqual([]);
  });

  it("says when the folder is not a git repository", async () => {
    const { dir, cleanup } = await tempDir();
    const plain = await startTestServer({ workbooksDir: dir });
    try {
      await writeFile(join(dir, "a.md"), workbookText("1"));
      const get = await fetch(`${plain.url}/api/v1/workbooks/a.md/git`);
      expect(await get.json()).toEqual({ repository: false });
      const commit = await fetch(`${plain.url}/api/v1/workbooks/a.md/git/commit`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: '{"message":"x"}',
      });
      expect(commit.status).toBe(409);
      expect(((await commit.json()) as { error: string }).error).toMatch(/not in a git repository; run "git init"/);
      const list = (await (await fetch(`${plain.url}/api/v1/workbooks`)).json()) as WorkbookSummary[];
      expect(list[0].git).toBeUndefined();
    } finally {
      await plain.close();
      await cleanup();
    }
  });
});
