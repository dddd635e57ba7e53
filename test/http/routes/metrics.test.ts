import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { RunningServer } from "../../../server/compose.ts";
import type { MetricExport } from "../../../server/export/metricTable.ts";
import type { RunRecord } from "../../../server/runs/store.ts";
import { startServerWith } from "../../helpers/server.ts";
import { workbookText } from "../../helpers/workbooks.ts";

let server: RunningServer;
let close: () => Promise<void>;
let runs: RunRecord[];
beforeAll(async () => {
  ({ server, close } = await startServerWith({
    "drift.md":
      "---\nparams:\n  n: 2\n---\n\n" +
      workbookText('metric("share", params.n / 10, {labels: {feature: "in,co\\"me"}})', 'metric("rows", params.n)'),
    "quiet.md": workbookText("1 + 1"),
  }));
  runs = [];
  for (const n of [2, 3]) {
    const response = await fetch(`${server.url}/api/v1/workbooks/drift.md/runs`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ params: { n }, alerts: true }), // production runs record their points
    });
    runs.push((await response.json()) as RunRecord);
  }
}, 30_000);
afterAll(() => close());

const get = (query: string) => fetch(`${server.url}/api/v1/workbooks/drift.md/metrics${query}`);

describe("the metrics export", () => {
  it("answers JSON by default: every point with its run, name, labels, value and time, in the order recorded", async () => {
    const response = await get("");
    expect(response.headers.get("content-type")).toMatch(/application\/json/);
    const body = (await response.json()) as MetricExport;
    expect(body.workbook).toBe("drift.md");
    expect(body.since).toBe(0);
    // Runs in order; a run's cells record in the order they finish.
    expect(body.points.map((point) => point.run)).toEqual([runs[0]!.id, runs[0]!.id, runs[1]!.id, runs[1]!.id]);
    const summary = body.points.map(({ run, name, value, labels }) => ({ run, name, value, labels }));
    expect(summary).toEqual(
      expect.arrayContaining([
        { run: runs[0]!.id, name: "share", value: 0.2, labels: { feature: 'in,co"me' } },
        { run: runs[0]!.id, name: "rows", value: 2, labels: {} },
        { run: runs[1]!.id, name: "share", value: 0.3, labels: { feature: 'in,co"me' } },
        { run: runs[1]!.id, name: "rows", value: 3, labels: {} },
      ]),
    );
    expect(body.points[0]!.at).toBeGreaterThanOrEqual(runs[0]!.startedAt);
  });

  it("answers CSV with a label column per label key, quoting what needs it", async () => {
    const response = await get("?format=csv");
    expect(response.headers.get("content-type")).toBe("text/csv; charset=utf-8");
    const lines = (await response.text()).split("\r\n");
    expect(lines[0]).toBe("at,run,name,value,label.feature");
    const line = (text: string) => lines.find((candidate) => candidate.includes(text));
    expect(line(",rows,2,")).toMatch(new RegExp(`^\\d{4}-\\d\\d-\\d\\dT[\\d:.]+Z,${runs[0]!.id},rows,2,$`));
    expect(line(",share,0.2,")).toMatch(new RegExp(`Z,${runs[0]!.id},share,0.2,"in,co""me"$`));
    expect(lines).toHaveLength(6); // header, four points, and the empty text after the last line end
  });

  it("keeps the points since a moment or a duration back from now", async () => {
    const second = (await (await get("?format=json")).json()) as MetricExport;
    const from = second.points[2]!.at; // the second run's first point
    const later = (await (await get(`?since=${new Date(from).toISOString()}`)).json()) as MetricExport;
    expect(later.since).toBe(from);
    expect(later.points.every((point) => point.at >= from)).toBe(true);
    expect(later.points.map((point) => point.run)).toContain(runs[1]!.id);
    expect(((await (await get(`?since=${from + 60_000}`)).json()) as MetricExport).points).toEqual([]);
    expect(((await (await get("?since=1h")).json()) as MetricExport).points).toHaveLength(4);
  });

  it("names a bad format or since, and answers an empty export for a workbook that recorded nothing", async () => {
    const format = await get("?format=xml");
    expect(format.status).toBe(400);
    expect(await format.json()).toMatchObject({ field: "format", error: expect.stringContaining("csv or json") });
    const since = await get("?since=yesterday");
    expect(since.status).toBe(400);
    expect(await since.json()).toMatchObject({ field: "since", error: expect.stringContaining('"yesterday"') });
    const none = await fetch(`${server.url}/api/v1/workbooks/quiet.md/metrics?format=csv`);
    expect(await none.text()).toBe("at,run,name,value\r\n");
    const missing = await fetch(`${server.url}/api/v1/workbooks/other.md/metrics?format=csv`);
    expect(missing.status).toBe(404);
    expect(await missing.json()).toMatchObject({ error: expect.stringContaining("no such workbook: other.md") });
  });
});
