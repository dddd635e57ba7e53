import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { RunningServer } from "../../../server/compose.ts";
import type { ServerMessage } from "../../../server/protocol/index.ts";
import { ENGINES, engineDatabases } from "../../helpers/engines.ts";
import { startServerWith } from "../../helpers/server.ts";
import { connectSocket } from "../../helpers/socket.ts";
import { workbookText } from "../../helpers/workbooks.ts";

const DAILY =
  "---\ntitle: Daily\nmodel: credit\n---\n\n" +
  workbookText("const share = 0.5;", "```alert drift\nwhen: share > 0.3\n```", "```alert quiet\nwhen: false\n```");

describe.each(ENGINES)("renames through the API on %s", (engine) => {
  const databases = engineDatabases(engine);
  let server: RunningServer;
  let close: () => Promise<void>;

  beforeAll(async () => {
    const files = { "daily.md": DAILY, "taken.md": "# taken\n" };
    ({ server, close } = await startServerWith(files, { dbPath: await databases.location() }));
  }, 60_000);
  afterAll(() => close?.());

  const call = async (method: string, path: string, body?: unknown) => {
    const response = await fetch(`${server.url}/api/v1${path}`, {
      method,
      headers: { "content-type": "application/json" },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    return { status: response.status, body: (await response.json()) as any };
  };
  const alertsOf = async (workbook: string) =>
    (await call("GET", `/alerts?workbook=${encodeURIComponent(workbook)}`)).body as { rule: string; state: string }[];

  it("renames a firing rule: it is still firing under its new name; refusals name the field", async () => {
    expect((await call("POST", "/workbooks/daily.md/runs", {})).status).toBe(201);
    expect(await alertsOf("daily.md")).toContainEqual(expect.objectContaining({ rule: "drift", state: "firing" }));
    const { version } = (await call("GET", "/workbooks/daily.md")).body as { version: string };
    const rename = (rule: string, body: unknown) => call("POST", `/workbooks/daily.md/alerts/${rule}/rename`, body);

    expect(await rename("drift", { to: "has space", version })).toMatchObject({ status: 400, body: { field: "to" } });
    expect(await rename("drift", { to: "quiet", version })).toMatchObject({ status: 409, body: { field: "to" } });
    expect(await rename("nope", { to: "x", version })).toMatchObject({ status: 404, body: { field: "name" } });
    expect(await rename("drift", { version })).toMatchObject({ status: 400, body: { field: "to" } });
    expect((await rename("drift", { to: "x", version: "0000000000000000" })).status).toBe(409);

    const renamed = await rename("drift", { to: "inputs-drifted", version });
    expect(renamed).toMatchObject({
      status: 200,
      body: { rule: "inputs-drifted", moved: { instances: 1, history: 1 } },
    });
    const file = (await call("GET", "/workbooks/daily.md")).body as { text: string; version: string };
    expect(file.text).toBe(DAILY.replace("```alert drift", "```alert inputs-drifted"));
    expect(file.version).toBe(renamed.body.version);
    const after = await alertsOf("daily.md");
    expect(after).toContainEqual(expect.objectContaining({ rule: "inputs-drifted", state: "firing" }));
    expect(after.map((alert) => alert.rule)).not.toContain("drift");
    const list = (await call("GET", "/workbooks")).body as { path: string }[];
    expect(list.find((summary) => summary.path === "daily.md")).toMatchObject({
      model: "credit",
      alertState: "firing",
    });
  }, 60_000);

  it("moves a workbook with its runs and alerts; its editors hear the new path; refuses to overwrite", async () => {
    const socket = await connectSocket(server.url);
    try {
      socket.send({ type: "subscribe", path: "daily.md" });
      await socket.waitFor((m): m is Extract<ServerMessage, { type: "workbook" }> => m.type === "workbook");
      expect(await call("POST", "/workbooks/daily.md/move", { to: "taken.md" })).toMatchObject({ status: 409 });
      expect(await call("POST", "/workbooks/daily.md/move", {})).toMatchObject({ status: 400, body: { field: "to" } });
      expect((await call("POST", "/workbooks/daily.md/move", { to: "../out.md" })).status).toBe(400);

      const moved = await call("POST", "/workbooks/daily.md/move", { to: "team/daily.md" });
      expect(moved).toMatchObject({ status: 200, body: { path: "team/daily.md", moved: { runs: 1, instances: 2 } } });
      const removed = await socket.waitFor(
        (m): m is Extract<ServerMessage, { type: "removed" }> => m.type === "removed",
      );
      expect(removed).toEqual({ type: "removed", path: "daily.md", movedTo: "team/daily.md" });
    } finally {
      socket.close();
    }
    expect((await call("GET", "/workbooks/team/daily.md/runs")).body.runs).toHaveLength(1);
    expect((await call("GET", "/workbooks/daily.md/runs")).body.runs).toHaveLength(0);
    expect(await alertsOf("team/daily.md")).toContainEqual(
      expect.objectContaining({ rule: "inputs-drifted", state: "firing" }),
    );
  }, 60_000);
});
