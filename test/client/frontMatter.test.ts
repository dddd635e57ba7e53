/**
 * Editing one front matter field: the text differs from the original only in that field's
 * line, comments, order, quoting and line ends kept; the server's parser reads the result as
 * intended.
 */
import { describe, expect, it } from "vitest";
import { Scalar } from "yaml";
import { frontMatterData, setField } from "../../client/frontMatter.ts";
import { parseWorkbook } from "../../server/workbook/index.ts";

const FRONT = [
  "---",
  "# Owned by the credit team",
  "title: 'Credit — daily'   # shown in the list",
  "model: credit",
  'schedule: "0 * * * *"     # hourly',
  "params:",
  "  window: 24h   # how far back",
  "  region: {type: select, options: [eu, us], default: eu, viewer: true}",
  "timeout: 5m",
  "---",
  "",
].join("\n");

/** The lines of `after` that differ from `before`'s, by line number (both texts must have as many lines). */
function changedLines(before: string, after: string): Record<number, string> {
  const [a, b] = [before.split("\n"), after.split("\n")];
  expect(b.length).toBe(a.length);
  return Object.fromEntries(b.flatMap((line, i) => (line === a[i] ? [] : [[i + 1, line]])));
}

/** The data the server reads from `frontMatter`. */
const serverData = (frontMatter: string) => parseWorkbook(`${frontMatter}# Body\n`).frontMatter?.data;

describe("setField", () => {
  it("rewrites only the edited value, keeping its quotes and the comment after it", () => {
    const edited = setField(FRONT, ["schedule"], "*/15 * * * *");
    expect(changedLines(FRONT, edited)).toEqual({ 5: 'schedule: "*/15 * * * *"     # hourly' });
    expect(changedLines(FRONT, setField(FRONT, ["title"], "It's new"))).toEqual({
      3: "title: 'It''s new'   # shown in the list",
    });
    expect(serverData(setField(FRONT, ["title"], "It's new"))?.title).toBe("It's new");
  });

  it("edits a nested field in a block mapping and in a flow mapping", () => {
    expect(changedLines(FRONT, setField(FRONT, ["params", "window"], "7d"))).toEqual({
      7: "  window: 7d   # how far back",
    });
    expect(changedLines(FRONT, setField(FRONT, ["params", "region", "default"], "us"))).toEqual({
      8: "  region: {type: select, options: [eu, us], default: us, viewer: true}",
    });
  });

  it("types what it writes: numbers stay numbers, strings that look like numbers are quoted", () => {
    const edited = setField(setField(FRONT, ["params", "window"], 30), ["model"], "12");
    expect(serverData(edited)).toMatchObject({ model: "12", params: { window: 30 } });
  });

  it("adds a missing field at the end of its mapping, with the mappings on the way", () => {
    const added = setField(FRONT, ["params", "days"], 14);
    expect(added).toBe(FRONT.replace("timeout: 5m", "  days: 14\ntimeout: 5m"));
    const deeper = setField(FRONT, ["owner", "team"], "ml");
    expect(deeper).toBe(FRONT.replace("timeout: 5m\n", "timeout: 5m\nowner:\n  team: ml\n"));
    const flow = setField(FRONT, ["params", "region", "label"], "Region");
    expect(flow).toContain("  region: {type: select, options: [eu, us], default: eu, viewer: true, label: Region}\n");
    expect(serverData(flow)).toMatchObject({ params: { region: { label: "Region" } } });
  });

  it("removes a field's line when its value is cleared, and nothing when it is missing", () => {
    expect(setField(FRONT, ["timeout"], undefined)).toBe(FRONT.replace("timeout: 5m\n", ""));
    expect(setField(FRONT, ["params", "window"], undefined)).toBe(
      FRONT.replace("  window: 24h   # how far back\n", ""),
    );
    expect(setField(FRONT, ["missing"], undefined)).toBe(FRONT);
    const flow = "---\nschedule: {cron: '0 7 * * *', tz: Europe/Paris}\n---\n";
    expect(setField(flow, ["schedule", "tz"], undefined)).toBe("---\nschedule: {cron: '0 7 * * *'}\n---\n");
  });

  it("replaces a string with a mapping on one line (a schedule gaining a time zone)", () => {
    const cron = new Scalar("0 * * * *");
    cron.type = "QUOTE_DOUBLE";
    const edited = setField(FRONT, ["schedule"], { cron, tz: "Europe/Paris" });
    expect(changedLines(FRONT, edited)).toEqual({ 5: 'schedule: {cron: "0 * * * *", tz: Europe/Paris}     # hourly' });
    expect(serverData(edited)?.schedule).toEqual({ cron: "0 * * * *", tz: "Europe/Paris" });
  });

  it("fills an empty value after its colon", () => {
    expect(setField("---\ntimeout:\nmodel: credit\n---\n", ["timeout"], "2m")).toBe(
      "---\ntimeout: 2m\nmodel: credit\n---\n",
    );
  });

  it("creates front matter only when a field is set", () => {
    expect(setField("", ["title"], undefined)).toBe("");
    expect(setField("", ["schedule"], "0 6 * * *")).toBe("---\nschedule: 0 6 * * *\n---\n");
    expect(setField("", ["params", "days"], 7)).toBe("---\nparams:\n  days: 7\n---\n");
    expect(setField("---\n---\n", ["title"], "T")).toBe("---\ntitle: T\n---\n");
  });

  it("keeps Windows line ends", () => {
    const crlf = FRONT.replace(/\n/g, "\r\n");
    expect(setField(crlf, ["params", "days"], 3)).toBe(crlf.replace("timeout: 5m", "  days: 3\r\ntimeout: 5m"));
    expect(setField(crlf, ["model"], "fraud")).toBe(crlf.replace("model: credit", "model: fraud"));
  });

  it("writes a value with a line break as one double-quoted line", () => {
    const edited = setField(FRONT, ["title"], "two\nlines");
    expect(changedLines(FRONT, edited)).toEqual({ 3: 'title: "two\\nlines"   # shown in the list' });
  });

  it("refuses YAML it cannot edit, and a path through a value that is not a mapping", () => {
    expect(() => setField("---\ntitle: [unclosed\n---\n", ["title"], "x")).toThrow(
      /not valid YAML.*fix it in the file/,
    );
    expect(() => setField("---\n- a\n---\n", ["title"], "x")).toThrow(/mapping/);
    expect(() => setField(FRONT, ["model", "name"], "x")).toThrow("model is not a mapping: edit it in the file");
  });
});

describe("frontMatterData", () => {
  it("reads the mapping, and {} without front matter", () => {
    expect(frontMatterData(FRONT)).toMatchObject({ title: "Credit — daily", params: { window: "24h" } });
    expect(frontMatterData("")).toEqual({});
    expect(frontMatterData("---\n---\n")).toEqual({});
  });
});
