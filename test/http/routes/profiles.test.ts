/**
 * GET /api/v1/models/:model/profile on a real server: the JSON shape with ISO times, one
 * entry per `every` interval, segments and reference sets, 400s naming the bad parameter, 404 for
 * an unknown model, and the editor token like the other model routes.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { RunningServer } from "../../../server/compose.ts";
import { startServerWith } from "../../helpers/server.ts";

const TOKEN = "profile-route-editor-token";
let server: RunningServer;
let close: () => Promise<void>;
const auth = { authorization: `Bearer ${TOKEN}` };

beforeAll(async () => {
  ({ server, close } = await startServerWith({}, { auth: { token: TOKEN } }));
  const send = async (method: string, path: string, type: string, body: string) => {
    const response = await fetch(server.url + path, { method, headers: { ...auth, "content-type": type }, body });
    expect(response.ok, await response.text()).toBe(true);
  };
  await send("PUT", "/api/v1/models/shop/settings", "application/json", JSON.stringify({ segments: ["region"] }));
  // Three days of May 2024: 3, 2 and 1 rows; x = 10 × day + row.
  const rows = [1, 1, 1, 2, 2, 3].map((day, i) => ({
    ts: `2024-05-0${day}T0${i}:30:00Z`,
    features: { x: 10 * day + i, region: i % 2 ? "eu" : "us" },
    prediction: i % 2,
  }));
  await send("POST", "/api/v1/models/shop/predictions", "application/json", JSON.stringify(rows));
  await send("PUT", "/api/v1/models/shop/reference", "application/json", JSON.stringify(rows.slice(0, 4)));
});
afterAll(() => close());

const get = (query: string, headers: Record<string, string> = auth) =>
  fetch(`${server.url}/api/v1/models/shop/profile${query}`, { headers });
/** A JSON answer, typed loosely: the assertions check its shape. */
const json = async (response: Response): Promise<any> => response.json();

describe("GET /api/v1/models/:model/profile", () => {
  it("answers the whole stored window as one profile in the issue's shape", async () => {
    const response = await get("");
    expect(response.status).toBe(200);
    const body = await json(response);
    expect(body).toEqual({
      model: "shop",
      profiles: [
        {
          start: "2024-05-01T00:00:00.000Z",
          end: "2024-05-03T06:00:00.000Z",
          rows: 6,
          columns: {
            x: {
              type: "numeric",
              count: 6,
              missing: 0,
              min: 10,
              max: 35,
              mean: (10 + 11 + 12 + 23 + 24 + 35) / 6,
              std: expect.any(Number),
              quantiles: expect.objectContaining({ "0.01": 10, "0.99": 35 }),
            },
            region: { type: "categorical", count: 6, missing: 0, counts: { us: 3, eu: 3 }, other: 0 },
            prediction: expect.objectContaining({ type: "numeric", count: 6, min: 0, max: 1 }),
          },
        },
      ],
    });
  });

  it("answers one profile per day with every=1d, a segment's, and the reference set's", async () => {
    const days = await json(await get("?every=1d&since=2024-05-01&until=2024-05-04"));
    expect(days.profiles.map((day: { start: string; rows: number }) => [day.start, day.rows])).toEqual([
      ["2024-05-01T00:00:00.000Z", 3],
      ["2024-05-02T00:00:00.000Z", 2],
      ["2024-05-03T00:00:00.000Z", 1],
    ]);
    const eu = await json(await get("?segment=region:eu&every=1d&since=2024-05-01&until=2024-05-03"));
    expect(eu.profiles.map((day: { rows: number }) => day.rows)).toEqual([1, 1]);
    const each = await json(await get("?segment=region&since=2024-05-01&until=2024-05-02"));
    expect(each.profiles.map(({ segment, rows }: { segment: unknown; rows: number }) => [segment, rows])).toEqual([
      [{ column: "region", value: "eu" }, 1],
      [{ column: "region", value: "us" }, 2],
    ]);
    const reference = await json(await get("?reference=1"));
    expect(reference.profiles).toEqual([expect.objectContaining({ start: null, end: null, rows: 4 })]);
  });

  it.each([
    ["?every=1x", 400, "every"],
    ["?since=someday", 400, "since"],
    ["?since=2024-05-03&until=2024-05-01", 400, "since"],
    ["?every=1d&tz=Mars/Olympus", 400, "tz"],
    ["?segment=:eu", 400, "segment"],
    ["?segment=country:fr", 400, "segment"],
    ["?reference=holdout", 404, "reference"],
    ["?window=7d", 400, "window"],
    ["?every=1d&every=1h", 400, "every"],
  ])("refuses %s with %i naming the parameter", async (query, status, field) => {
    const response = await get(query);
    expect(response.status).toBe(status);
    const body = await json(response);
    expect(body.field).toBe(field);
    expect(body.error).toMatch(new RegExp(field));
  });

  it("answers 404 for an unknown model and 401 without the editor token", async () => {
    const missing = await fetch(`${server.url}/api/v1/models/nope/profile`, { headers: auth });
    expect(missing.status).toBe(404);
    expect((await json(missing)).error).toContain('no model named "nope"');
    expect((await get("", {})).status).toBe(401);
  });
});
