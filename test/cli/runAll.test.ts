import { mkdir } from "node:fs/promises";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { join } from "node:path";
import { driftbook } from "../helpers/cli.ts";
import { tempDir, workbookText, writeFiles } from "../helpers/workbooks.ts";

let dir: string;
let cleanup: () => Promise<void>;
beforeAll(async () => {
  ({ dir, cleanup } = await tempDir());
});
afterAll(() => cleanup());

const scheduled = '---\nschedule: "0 * * * *"\n---\n\n';

describe("driftbook run --all", () => {
  it("runs only the scheduled workbooks; exits 1 when an alert fires and 2 when a run fails", async () => {
    const folder = (name: string) => join(dir, name);
    for (const name of ["ok", "alert", "failed"]) await mkdir(folder(name));
    await writeFiles(folder("ok"), {
      "a.md": scheduled + workbookText("1"),
      "unscheduled.md": workbookText("throw new Error('not run')"),
    });
    await writeFiles(folder("alert"), {
      "a.md": scheduled + workbookText("const x = 5;", "```alert high\nwhen: x > 3\n```"),
    });
    await writeFiles(folder("failed"), {
      "a.md": scheduled + workbookText("const x = 5;", "```alert high\nwhen: x > 3\n```"),
      "b.md": scheduled + workbookText("throw new Error('boom')"),
    });
    const db = join(dir, "driftbook.db");
    const ok = await driftbook(["run", "--all", "--workbooks", folder("ok"), "--db", db]);
    expect(ok.stdout).toMatch(/run {5}a\.md/);
    expect(ok.stdout).not.toMatch(/unscheduled/);
    expect(ok.code).toBe(0);
    expect((await driftbook(["run", "--all", "--workbooks", folder("alert"), "--db", db])).code).toBe(1);
    expect((await driftbook(["run", "--all", "--workbooks", folder("failed"), "--db", db])).code).toBe(2);
  }, 60_000);
});
