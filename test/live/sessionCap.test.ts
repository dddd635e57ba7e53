import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { LiveWorkbook } from "../../server/live/liveWorkbook.ts";
import { SessionCap, sessionKey } from "../../server/live/sessionCap.ts";
import type { Sessions } from "../../server/live/sessions.ts";
import type { ServerMessage } from "../../server/protocol/index.ts";
import { liveFolder, type LiveFolder } from "../helpers/sessions.ts";

describe("SessionCap", () => {
  it("closes the least recently used past the cap", () => {
    const cap = new SessionCap(2);
    expect(cap.use("a")).toEqual([]);
    expect(cap.use("b")).toEqual([]);
    expect(cap.use("a")).toEqual([]); // a is now the most recent
    expect(cap.use("c")).toEqual(["b"]);
    cap.forget("a");
    expect(cap.use("d")).toEqual([]);
    expect(cap.size).toBe(2);
  });

  it("refuses a cap below one", () => {
    expect(() => new SessionCap(0)).toThrow("at least 1");
  });

  it("keys the defaults by path alone and params in name order", () => {
    expect(sessionKey("a.md", {})).toBe("a.md");
    expect(sessionKey("a.md", { window: "1d", region: "us" })).toBe(sessionKey("a.md", { region: "us", window: "1d" }));
    expect(sessionKey("a.md", { region: "us" })).not.toBe(sessionKey("a.md", { region: "eu" }));
  });
});

const WORKBOOK = [
  "---",
  "params:",
  "  region: {type: select, options: {query: 'select distinct region from credit order by region'}, default: eu, viewer: true}",
  "  window: {type: select, options: [1d, 7d], default: 7d}",
  "---",
  "",
  "```sql rows",
  "select count(*) as n from credit where region = ${params.region}",
  "```",
  "",
  "```js",
  "params.window",
  "```",
  "",
].join("\n");

let sessions: Sessions;
let folder: LiveFolder;

beforeAll(async () => {
  folder = await liveFolder(
    "create table credit (region text); insert into credit values ('eu'), ('us'), ('us');",
    { "p.md": WORKBOOK },
    2,
  );
  ({ sessions } = folder);
});
afterAll(() => folder.close());

/** What the workbook shows once idle: the row count for its region, its window, and its controls' values and choices. */
async function shown(live: LiveWorkbook) {
  await live.host.whenIdle();
  const { cells, params } = live.view();
  const values = cells.map((cell) => {
    const output = cell.outputs[0];
    return output?.kind === "table" ? output.rows[0][0] : output?.kind === "json" ? output.value : undefined;
  });
  return { values, params: params.map((param) => [param.name, param.value, param.options]) };
}

describe("sessions keyed by workbook and params", () => {
  it("runs a viewer's params in a session of their own, shared by every viewer asking for the same", async () => {
    const base = await sessions.open("p.md");
    expect(await shown(base)).toEqual({
      values: [1, "7d"],
      params: [
        ["region", "eu", ["eu", "us"]],
        ["window", "7d", ["1d", "7d"]],
      ],
    });
    const us = await sessions.open("p.md", { region: "us" });
    expect(us).not.toBe(base);
    expect(await shown(us)).toMatchObject({
      values: [2, "7d"],
      params: [["region", "us", ["eu", "us"]], expect.anything()],
    });
    expect(await sessions.open("p.md", { region: "us" }, "viewer")).toBe(us);
    expect(base.view().cells[0].outputs).toEqual([expect.objectContaining({ rows: [[1]] })]);
    expect(sessions.paramSessions).toBe(1);
  }, 30_000);

  it("ignores what the declarations refuse: a value the query does not list, an undeclared param, a param not for viewers", async () => {
    const base = await sessions.open("p.md");
    expect(await sessions.open("p.md", { region: "asia" })).toBe(base);
    expect(await sessions.open("p.md", { token: "x", region: "eu" })).toBe(base);
    expect(await sessions.open("p.md", { window: "1d" }, "viewer")).toBe(base);
    const editorWindow = await sessions.open("p.md", { window: "1d" }, "editor");
    expect(editorWindow).not.toBe(base);
    expect((await shown(editorWindow)).values).toEqual([1, "1d"]);
  }, 30_000);

  it("closes the least recently used session past the cap and tells its viewers", async () => {
    const us = await sessions.open("p.md", { region: "us" });
    const heard: ServerMessage["type"][] = [];
    us.subscribe((message) => heard.push(message.type));
    await sessions.open("p.md", { window: "1d" }); // now the most recent; `us` the least
    const both = await sessions.open("p.md", { region: "us", window: "1d" });
    expect(await shown(both)).toMatchObject({ values: [2, "1d"] });
    expect(sessions.paramSessions).toBe(2);
    expect(heard).toEqual(["workbook", "closed"]);
    await expect.poll(() => us.host.pid).toBeUndefined();
    const reopened = await sessions.open("p.md", { region: "us" });
    expect(reopened).not.toBe(us);
    expect((await shown(reopened)).values).toEqual([2, "7d"]);
  }, 30_000);

  it("tells editors why an options query gave no choices, and then takes only the default", async () => {
    const broken = WORKBOOK.replace("from credit order by region", "from nowhere");
    await folder.sessions.fileChanged("p.md", broken);
    const base = await sessions.open("p.md");
    await base.host.whenIdle();
    const [region] = base.view().params;
    expect(region).toMatchObject({
      name: "region",
      options: ["eu"],
      error: expect.stringContaining("no such table: nowhere"),
    });
    expect(await sessions.open("p.md", { region: "us" })).toBe(base);
    await folder.sessions.fileChanged("p.md", WORKBOOK);
  }, 30_000);

  it("keeps every session of a workbook in step with its file", async () => {
    const us = await sessions.open("p.md", { region: "us" });
    await sessions.fileChanged("p.md", WORKBOOK.replace("params.window\n", "params.window + '!'\n"));
    expect((await shown(us)).values).toEqual([2, "7d!"]);
    expect((await shown(await sessions.open("p.md"))).values).toEqual([1, "7d!"]);
  }, 30_000);
});
