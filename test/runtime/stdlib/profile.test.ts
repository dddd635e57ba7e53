/**
 * `profile()` and `profiles()` in the cells of a live workbook on a real server: they read the
 * profiles the store kept at ingest, offer quantile/cdf and counts/other, show as JSON through
 * toJSON, and re-run when the model they read gets new rows (not when another model does).
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { RunningServer } from "../../../server/compose.ts";
import type { Output, ServerMessage } from "../../../server/protocol/index.ts";
import { startServerWith } from "../../helpers/server.ts";
import { connectSocket } from "../../helpers/socket.ts";
import { workbookText } from "../../helpers/workbooks.ts";

let server: RunningServer;
let close: () => Promise<void>;

beforeAll(async () => {
  ({ server, close } = await startServerWith({
    "shop.md": workbookText(
      'profile("shop").rows',
      'profiles("shop", {every: "1d", since: "2024-05-01", until: "2024-05-04"}).map((day) => day.profile.rows)',
      'const x = profile("shop", {until: new Date("2024-05-04")}).column("x");\ndisplay([x.quantile(0), x.quantile(1), x.cdf(2)]);',
      'const region = profile("shop").column("region");\ndisplay([region.counts.get("eu"), region.other]);',
      'profile("shop", {since: "2024-05-02", until: "2024-05-03"})',
      'profile("nope")',
      'profiles("shop", {segment: "region"}).map(({segment, profile}) => [segment.value, profile.rows])',
    ),
  }));
});
afterAll(() => close());

/** Logs two rows on each of `days` (1 to 9) of May 2024, at 06:00 (region eu) and 18:00 (us); x is day + hour/100. */
async function log(model: string, days: number[]): Promise<void> {
  const response = await fetch(`${server.url}/api/v1/models/${model}/predictions`, {
    method: "POST",
    headers: { "content-type": "application/x-ndjson" },
    body: days
      .flatMap((day) =>
        [6, 18].map((hour) =>
          JSON.stringify({
            ts: `2024-05-0${day}T${String(hour).padStart(2, "0")}:00:00Z`,
            features: { x: day + hour / 100, region: hour === 6 ? "eu" : "us" },
            prediction: 1,
          }),
        ),
      )
      .join("\n"),
  });
  expect(response.status, await response.text()).toBe(201);
}

/** The first output of cell `index` once a fulfilled run of it shows `value` (or satisfies it). */
const shows =
  (index: number, value: (output: Output) => boolean) =>
  (m: ServerMessage): m is Extract<ServerMessage, { type: "cell" }> =>
    m.type === "cell" && m.cell.index === index && m.cell.status === "fulfilled" && value(m.cell.outputs[0]);
const json = (expected: unknown) => (output: Output) =>
  output?.kind === "json" && JSON.stringify(output.value) === JSON.stringify(expected);

describe("profile() and profiles() in cells", () => {
  it("read the stored profiles and re-run when their model gets new rows", async () => {
    const settings = await fetch(`${server.url}/api/v1/models/shop/settings`, {
      method: "PUT",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ segments: ["region"] }),
    });
    expect(settings.status).toBe(200);
    await log("shop", [1, 2]);
    const socket = await connectSocket(server.url);
    try {
      socket.send({ type: "subscribe", path: "shop.md" });
      await socket.waitFor(shows(0, json(4)));
      await socket.waitFor(shows(1, json([2, 2, 0])));
      await socket.waitFor(shows(2, json([1.06, 2.18, 0.5])));
      await socket.waitFor(shows(3, json([2, 0])));
      await socket.waitFor(
        shows(
          6,
          json([
            ["eu", 2],
            ["us", 2],
          ]),
        ),
      );
      const shown = await socket.waitFor(shows(4, (output) => output?.kind === "json"));
      expect(shown.cell.outputs[0]).toMatchObject({
        kind: "json",
        value: {
          rows: 2,
          columns: {
            x: { type: "numeric", count: 2, missing: 0, min: 2.06, max: 2.18 },
            region: { type: "categorical", count: 2, missing: 0, counts: { eu: 1, us: 1 }, other: 0 },
          },
        },
      });
      const missing = socket.messages.find(
        (m) => m.type === "cell" && m.cell.index === 5 && m.cell.status === "rejected",
      );
      expect(missing?.type === "cell" && missing.cell.outputs[0]).toMatchObject({
        kind: "error",
        message: expect.stringContaining('no model named "nope"'),
      });

      const runsOfCell0 = () =>
        socket.messages.filter((m) => m.type === "cell" && m.cell.index === 0 && m.cell.status === "running").length;
      const before = runsOfCell0();
      await log("other", [1]);
      await log("shop", [3]);
      await socket.waitFor(shows(0, json(6)));
      await socket.waitFor(shows(1, json([2, 2, 2])));
      await socket.waitFor(shows(3, json([3, 0])));
      await socket.waitFor(
        shows(
          6,
          json([
            ["eu", 3],
            ["us", 3],
          ]),
        ),
      );
      // One re-run for shop's batch; the other model's batch re-ran nothing.
      expect(runsOfCell0() - before).toBe(1);
    } finally {
      socket.close();
    }
  }, 30_000);
});
