import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { RunningServer } from "../../../server/compose.ts";
import type { RunRecord } from "../../../server/runs/store.ts";
import { startServerWith } from "../../helpers/server.ts";
import { workbookText } from "../../helpers/workbooks.ts";

let server: RunningServer;
let close: () => Promise<void>;
beforeAll(async () => {
  ({ server, close } = await startServerWith({
    "p.md": "---\nparams:\n  n: 2\n---\n\n" + workbookText("params.n * 10"),
    "gate.md":
      "---\nparams:\n  n: 2\n---\n\n" + workbookText('metric("n", params.n)', "```alert high\nwhen: params.n > 3\n```"),
  }));
});
afterAll(() => close());

const post = (path: string, body: unknown) =>
  fetch(`${server.url}${path}`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(body),
  });

describe("the runs API", () => {
  it("runs a workbook now with params, lists its runs newest first, and serves a run and its report", async () => {
    const first = await post("/api/v1/workbooks/p.md/runs", {});
    expect(first.status).toBe(201);
    const second = (await (await post("/api/v1/workbooks/p.md/runs", { params: { n: 5 } })).json()) as RunRecord;
    expect(second).toMatchObject({ workbook: "p.md", trigger: "manual", status: "ok", params: { n: 5 } });
    const page = (await (await fetch(`${server.url}/api/v1/workbooks/p.md/runs?limit=1`)).json()) as {
      runs: RunRecord[];
      total: number;
    };
    expect(page.total).toBe(2);
    expect(page.runs.map((run) => run.id)).toEqual([second.id]);
    expect(await (await fetch(`${server.url}/api/v1/runs/${second.id}`)).json()).toMatchObject({
      id: second.id,
      params: { n: 5 },
    });
    const report = await fetch(`${server.url}/api/v1/runs/${second.id}/report`);
    expect(report.headers.get("content-type")).toMatch(/html/);
    expect(await report.text()).toMatch(/50/);
  }, 30_000);

  it("runs a what-if with params other than the defaults: its rules preview and move nothing, unless alerts is true", async () => {
    const states = async () =>
      ((await (await fetch(`${server.url}/api/v1/alerts?workbook=gate.md`)).json()) as { state: string }[]).map(
        (instance) => instance.state,
      );
    const production = (await (await post("/api/v1/workbooks/gate.md/runs", { params: { n: 2 } })).json()) as RunRecord;
    expect(production).toMatchObject({ production: true, status: "ok" });
    expect(await states()).toEqual(["normal"]);

    const whatIf = (await (await post("/api/v1/workbooks/gate.md/runs", { params: { n: 5 } })).json()) as RunRecord;
    expect(whatIf).toMatchObject({
      production: false,
      alerts: [expect.objectContaining({ to: "firing", notification: "preview" })],
    });
    expect(await states()).toEqual(["normal"]);
    const report = await (await fetch(`${server.url}/api/v1/runs/${whatIf.id}/report`)).text();
    expect(report).toContain("preview: would fire · stored: normal · value 5");
    const points = () =>
      server.store.db.prepare("select value from driftbook_metric_points where workbook = 'gate.md'").all();
    expect(points()).toEqual([{ value: 2 }]);

    const forced = (await (
      await post("/api/v1/workbooks/gate.md/runs", { params: { n: 5 }, alerts: true })
    ).json()) as RunRecord;
    expect(forced).toMatchObject({ production: true, alerts: [expect.objectContaining({ to: "firing" })] });
    expect(await states()).toEqual(["firing"]);
    expect(points()).toEqual([{ value: 2 }, { value: 5 }]);

    const bad = await post("/api/v1/workbooks/gate.md/runs", { alerts: "yes" });
    expect(bad.status).toBe(400);
    expect(await bad.json()).toMatchObject({ field: "alerts" });
  }, 30_000);

  it("names unknown params, missing workbooks and missing runs", async () => {
    const bad = await post("/api/v1/workbooks/p.md/runs", { params: { m: 1 } });
    expect(bad.status).toBe(400);
    expect(await bad.json()).toMatchObject({ error: expect.stringMatching(/unknown parameter "m"/), field: "params" });
    expect((await post("/api/v1/workbooks/nope.md/runs", {})).status).toBe(404);
    expect((await fetch(`${server.url}/api/v1/runs/999`)).status).toBe(404);
  });
});
