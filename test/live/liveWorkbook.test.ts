/**
 * A live workbook's runs are for its viewers, so they are previews (server/live/liveWorkbook.ts):
 * new data re-runs the open workbook and records nothing, and each alert cell shows where its
 * rule would go from the stored state — a `for: 2 runs` rule that holds reads "pending 1/2",
 * labelled a preview — and shows it again once a production run (run-now) changes that state.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { RunningServer } from "../../server/compose.ts";
import type { AlertStanding, CellView, RunPage, ServerMessage } from "../../server/protocol/index.ts";
import { startServerWith } from "../helpers/server.ts";
import { connectSocket } from "../helpers/socket.ts";
import { workbookText } from "../helpers/workbooks.ts";

let server: RunningServer;
let close: () => Promise<void>;

beforeAll(async () => {
  ({ server, close } = await startServerWith({
    "live.md": workbookText(
      "```sql counted\nselect count(*) as n from live\n```",
      'const n = counted.get("n", 0);',
      '```alert many\nwhen: n > 3\nfor: 2 runs\nmessage: "{{value}} rows"\n```',
    ),
  }));
});
afterAll(() => close());

const log = (count: number) =>
  fetch(`${server.url}/api/v1/models/live/predictions`, {
    method: "POST",
    headers: { "content-type": "application/x-ndjson" },
    body: Array.from({ length: count }, (_, i) => JSON.stringify({ features: { x: i }, prediction: 0 })).join("\n"),
  });
const json = async <T>(path: string): Promise<T> => (await fetch(server.url + path)).json() as Promise<T>;

/** A `cell` message of the alert cell whose instance shows this value and standing. */
const alertShows =
  (value: number, standing: Partial<AlertStanding>) =>
  (m: ServerMessage): m is Extract<ServerMessage, { type: "cell" }> =>
    m.type === "cell" && m.cell.index === 2 && matches(m.cell, value, standing);

function matches(cell: CellView, value: number, standing: Partial<AlertStanding>): boolean {
  const output = cell.outputs.find((each) => each.kind === "alert");
  const instance = output?.kind === "alert" ? output.instances[0] : undefined;
  if (instance?.value !== value || !instance.standing) return false;
  return Object.entries(standing).every(
    ([key, expected]) => JSON.stringify(instance.standing![key as keyof AlertStanding]) === JSON.stringify(expected),
  );
}

describe("a live workbook's runs", () => {
  it("are previews: new data records nothing, and a `for: 2 runs` rule previews as pending until production runs move it", async () => {
    await log(5);
    const socket = await connectSocket(server.url);
    try {
      socket.send({ type: "subscribe", path: "live.md" });
      await socket.waitFor(
        alertShows(5, {
          preview: true,
          state: "pending",
          pendingCount: 1,
          stored: { state: "normal", pendingCount: 0 },
        }),
      );
      await log(1);
      const shown = await socket.waitFor(alertShows(6, { preview: true, state: "pending", message: "6 rows" }));
      expect(shown.cell.outputs).toEqual([
        expect.objectContaining({ kind: "alert", instances: [expect.objectContaining({ condition: true })] }),
      ]);
      // While it waits to re-run (pending, running) the cell still shows its last result, and
      // that result's standing with it: never a bare "condition holds" between two runs.
      const waiting = socket.messages.filter(
        (m) => m.type === "cell" && m.cell.index === 2 && m.cell.status !== "fulfilled" && m.cell.outputs.length > 0,
      );
      expect(waiting.length).toBeGreaterThan(0);
      for (const m of waiting)
        if (m.type === "cell") expect(matches(m.cell, 5, { preview: true, state: "pending" })).toBe(true);
      expect((await json<RunPage>("/api/v1/workbooks/live.md/runs")).runs).toEqual([]);
      expect(await json("/api/v1/alerts?workbook=live.md")).toEqual([]);

      // A production run stores pending 1/2: the open view previews from it at once.
      const runNow = await fetch(`${server.url}/api/v1/workbooks/live.md/runs`, { method: "POST" });
      expect(await runNow.json()).toMatchObject({ trigger: "manual", production: true, status: "ok" });
      expect(await json("/api/v1/alerts?workbook=live.md")).toEqual([
        expect.objectContaining({ state: "pending", pendingCount: 1 }),
      ]);
      await socket.waitFor(
        alertShows(6, { preview: true, state: "firing", stored: { state: "pending", pendingCount: 1 } }),
      );
      const report = await (await fetch(`${server.url}/report/live.md`)).text();
      expect(report).toContain("preview: would fire · stored: pending 1/2 · value 6 — 6 rows");
      expect(report).not.toMatch(/>[^<]*: firing/);
    } finally {
      socket.close();
    }
  }, 30_000);

  it("run a cell again when an editor asks (a preview), and say what is wrong with a run asked wrongly", async () => {
    const socket = await connectSocket(server.url);
    const error =
      (text: string) =>
      (m: ServerMessage): m is ServerMessage =>
        m.type === "error" && m.message === text;
    try {
      socket.send({ type: "run", path: "live.md", index: 0 });
      await socket.waitFor(error("subscribe to live.md before running its cells"));
      socket.send({ type: "subscribe", path: "live.md" });
      const opened = await socket.waitFor(
        (m): m is Extract<ServerMessage, { type: "workbook" }> => m.type === "workbook",
      );
      const runsBefore = opened.cells[0]!.run;
      const recorded = (await json<RunPage>("/api/v1/workbooks/live.md/runs")).total;
      socket.send({ type: "run", path: "live.md", index: 7 });
      await socket.waitFor(error("live.md has no cell 7 to run"));
      socket.send({ type: "run", path: "live.md", index: 0 });
      await socket.waitFor(
        (m): m is ServerMessage =>
          m.type === "cell" && m.cell.index === 0 && m.cell.status === "fulfilled" && m.cell.run > runsBefore,
      );
      expect((await json<RunPage>("/api/v1/workbooks/live.md/runs")).total).toBe(recorded); // a preview records nothing
    } finally {
      socket.close();
    }
  });
});
