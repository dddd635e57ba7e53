import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { RunningServer } from "../../../server/compose.ts";
import type { RunRecord } from "../../../server/runs/store.ts";
import { startServerWith } from "../../helpers/server.ts";
import { join } from "node:path";
import { tempDir, workbookText } from "../../helpers/workbooks.ts";

let server: RunningServer;
let close: () => Promise<void>;
beforeAll(async () => {
  ({ server, close } = await startServerWith({
    "p.md": "---\nparams:\n  n: 2\n---\n\n" + workbookText("params.n * 10"),
    "typed.md":
      "---\nparams:\n  region: {type: select, options: [eu, us], default: eu}\n  days: {type: range, min: 1, max: 30, default: 7}\n---\n\n" +
      workbookText("params.region + params.days"),
    "gate.md":
      "---\nparams:\n  n: 2\n---\n\n" + workbookText('metric("n", params.n)', "```alert high\nwhen: params.n > 3\n```"),
  }));
});
afterAll(() => close());

const post = (path: string, body: unknown, on = server) =>
  fetch(`${on.url}${path}`, {
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
    // Values are checked against their declarations, as `--param` and the readers' controls are.
    const asia = await post("/api/v1/workbooks/typed.md/runs", { params: { region: "asia" } });
    expect(asia.status).toBe(400);
    expect(await asia.json()).toMatchObject({ error: expect.stringContaining('"region" expects one of "eu", "us"') });
    const far = await post("/api/v1/workbooks/typed.md/runs", { params: { days: 90 } });
    expect(await far.json()).toMatchObject({
      error: expect.stringContaining("a number from 1 to 30"),
      field: "params",
    });
    const typed = (await (
      await post("/api/v1/workbooks/typed.md/runs", { params: { region: "us", days: "14" } })
    ).json()) as RunRecord;
    expect(typed.params).toEqual({ region: "us", days: 14 });
    expect((await fetch(`${server.url}/api/v1/runs/999`)).status).toBe(404);
  });
});

describe("run-now as of a past moment", () => {
  let asOfServer: RunningServer;
  let stop: () => Promise<void>;
  beforeAll(async () => {
    const logs = await tempDir();
    const started = await startServerWith(
      {
        "asof.md": workbookText(
          'const n = (await sql`select count(*) as n from credit`).get("n", 0);',
          'metric("n", n)',
          "```alert many\nwhen: n >= 3\nnotify: [log]\n```",
        ),
      },
      { defaultChannels: { log: { type: "log", path: join(logs.dir, "alerts.log") } } },
    );
    asOfServer = started.server;
    stop = async () => {
      await started.close();
      await logs.cleanup();
    };
  });
  afterAll(() => stop());

  const log = (ids: string[]) =>
    post(
      "/api/v1/models/credit/predictions",
      ids.map((id, i) => ({ id, ts: Date.now() - (i + 1) * 60_000, features: { income: i }, prediction: 1 })),
      asOfServer,
    );
  const runNow = (body: unknown) => post("/api/v1/workbooks/asof.md/runs", body, asOfServer);

  it("reads the rows that had arrived by then and changes no alert state, metric point or outbox entry", async () => {
    expect((await log(["a", "b"])).status).toBe(201);
    const asOf = Date.now();
    await new Promise((resolve) => setTimeout(resolve, 5));
    expect((await log(["c", "d", "e"])).status).toBe(201);
    const production = (await (await runNow({})).json()) as RunRecord;
    expect(production).toMatchObject({ production: true, alerts: [expect.objectContaining({ to: "firing" })] });
    const db = asOfServer.store.db;
    const counts = () => ({
      states: db.prepare("select state from driftbook_alert_instances").pluck().all(),
      points: db.prepare("select value from driftbook_metric_points").pluck().all(),
      outbox: db.prepare("select count(*) from driftbook_outbox").pluck().get(),
    });
    const before = counts();
    expect(before).toMatchObject({ states: ["firing"], points: [5] });

    const response = await runNow({ asOf: new Date(asOf).toISOString() });
    expect(response.status).toBe(201);
    const whatIf = (await response.json()) as RunRecord;
    expect(whatIf).toMatchObject({
      production: false,
      asOf,
      status: "ok",
      alerts: [
        expect.objectContaining({ from: "firing", to: "resolved", value: 2, notification: "preview", at: asOf }),
      ],
    });
    expect(counts()).toEqual(before);
    const report = await (await fetch(`${asOfServer.url}/api/v1/runs/${whatIf.id}/report`)).text();
    expect(report).toContain("As of");
  }, 30_000);

  it.each([
    [{ asOf: "tomorrow" }, 'asOf: "tomorrow" is neither an ISO time with a zone'],
    [{ asOf: Date.now() + 86_400_000 }, "is in the future"],
    [{ asOf: 0, alerts: true }, 'asOf: an as-of run is a what-if that moves no alert; drop "alerts": true'],
  ])("answers 400 naming asOf for %j", async (body, message) => {
    const response = await runNow(body);
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({ field: "asOf", error: expect.stringContaining(message) });
  });
});
