import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { LiveWorkbook } from "../../server/live/liveWorkbook.ts";
import type { Sessions } from "../../server/live/sessions.ts";
import type { Db } from "../../server/store/db.ts";
import { liveFolder, type LiveFolder } from "../helpers/sessions.ts";
import { workbookText, writeFiles } from "../helpers/workbooks.ts";

let dir: string;
let db: Db;
let sessions: Sessions;
let folder: LiveFolder;

beforeAll(async () => {
  folder = await liveFolder(
    "create table alpha (x real); create table beta (x real); insert into alpha values (1); insert into beta values (1);",
    {
      "a.md": workbookText("```sql rows\nselect count(*) as n from alpha\n```"),
      "b.md": workbookText("```sql rows\nselect count(*) as n from beta\n```"),
    },
  );
  ({ dir, db, sessions } = folder);
});
afterAll(() => folder.close());

/** The workbook's one cell: how many times it ran, and the count it shows. */
const cellOf = (live: LiveWorkbook) => {
  const [cell] = live.view().cells;
  const output = cell.outputs[0];
  return { run: cell.run, status: cell.status, rows: output?.kind === "table" ? output.rows : undefined };
};

describe("new data in open workbooks", () => {
  it("wakes only the workbooks whose cells read the model: one batch re-runs one of two", async () => {
    const [a, b] = await Promise.all([sessions.open("a.md"), sessions.open("b.md")]);
    await Promise.all([a.host.whenIdle(), b.host.whenIdle()]);
    expect(cellOf(a)).toEqual({ run: 1, status: "fulfilled", rows: [[1]] });
    expect(cellOf(b)).toEqual({ run: 1, status: "fulfilled", rows: [[1]] });

    db.exec("insert into alpha values (2)");
    expect(await sessions.dataChanged("alpha")).toEqual(["a.md"]);
    await expect.poll(() => cellOf(a), { timeout: 5000 }).toEqual({ run: 2, status: "fulfilled", rows: [[2]] });
    await b.host.whenIdle();
    expect(cellOf(b)).toEqual({ run: 1, status: "fulfilled", rows: [[1]] });

    db.exec("insert into beta values (2)");
    expect(await sessions.dataChanged("beta")).toEqual(["b.md"]);
    await expect.poll(() => cellOf(b), { timeout: 5000 }).toEqual({ run: 2, status: "fulfilled", rows: [[2]] });
    expect(cellOf(a).run).toBe(2);

    expect(await sessions.dataChanged("gamma")).toEqual([]);
  }, 30_000);

  it("wakes a workbook whose cells have not settled yet: what they read is not known", async () => {
    await writeFiles(dir, {
      "slow.md": workbookText(
        "await new Promise((resolve) => setTimeout(resolve, 300))",
        "```sql rows\nselect count(*) as n from alpha\n```",
      ),
    });
    const slow = await sessions.open("slow.md");
    expect(await sessions.dataChanged("beta")).toContain("slow.md");
    await slow.host.whenIdle();
    expect(await sessions.dataChanged("beta")).not.toContain("slow.md");
    expect(await sessions.dataChanged("alpha")).toContain("slow.md");
  }, 30_000);
});

describe("changed workbook files", () => {
  it("handles each version once: a save hands on the text it wrote, and the watcher's echo of it is ignored", async () => {
    const heard: [string, string | undefined][] = [];
    const stop = sessions.onFileChanged((path, text) => heard.push([path, text]));
    try {
      const a = await sessions.open("a.md");
      const text = workbookText("```sql rows\nselect count(*) * 10 as n from alpha\n```");
      await writeFile(join(dir, "a.md"), text);
      await sessions.fileChanged("a.md", text); // as the save route calls it
      expect(heard).toEqual([["a.md", text]]);
      expect(a.workbook.text).toBe(text);
      await sessions.fileChanged("a.md"); // as the watcher calls it: the file is read, and holds the same version
      await new Promise((resolve) => setTimeout(resolve, 300)); // the real watcher's events
      expect(heard).toEqual([["a.md", text]]);
      await sessions.fileChanged("a.md", null); // removed
      expect(heard).toEqual([
        ["a.md", text],
        ["a.md", undefined],
      ]);
    } finally {
      stop();
    }
  }, 30_000);
});
