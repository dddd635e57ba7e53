import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { RunningServer } from "../../server/compose.ts";
import type { RunPage, ServerMessage } from "../../server/protocol/index.ts";
import { startTestServer } from "../helpers/server.ts";
import { connectSocket } from "../helpers/socket.ts";
import { tempDir, workbookText, writeFiles } from "../helpers/workbooks.ts";

let server: RunningServer;
let dir: string;
let cleanup: () => Promise<void>;

const workbook = (threshold: number) =>
  workbookText(
    "```sql counted\nselect count(*) as n from live\n```",
    'const n = counted.get("n", 0);',
    'metric("rows", n)',
    `\`\`\`alert many\nwhen: n > ${threshold}\n\`\`\``,
  );

beforeAll(async () => {
  ({ dir, cleanup } = await tempDir());
  await writeFiles(dir, { "live.md": workbook(3) });
  server = await startTestServer({ workbooksDir: dir, dataRunIntervalMs: 300 });
});
afterAll(async () => {
  await server.close();
  await cleanup();
});

const log = (count: number) =>
  fetch(`${server.url}/api/v1/models/live/predictions`, {
    method: "POST",
    headers: { "content-type": "application/x-ndjson" },
    body: Array.from({ length: count }, (_, i) => JSON.stringify({ features: { x: i }, prediction: 0 })).join("\n"),
  });
const dataRuns = async () => {
  const page = (await (await fetch(`${server.url}/api/v1/workbooks/live.md/runs`)).json()) as RunPage;
  return page.runs.filter((run) => run.trigger === "data");
};
const shows =
  (n: number) =>
  (m: ServerMessage): m is Extract<ServerMessage, { type: "cell" }> =>
    m.type === "cell" &&
    m.cell.index === 2 &&
    m.cell.status === "fulfilled" &&
    JSON.stringify(m.cell.outputs) === JSON.stringify([{ kind: "json", value: n }]);

describe("runs caused by new data in an open workbook", () => {
  it("are recorded with trigger data, their metric points and their alert transitions; edits record nothing", async () => {
    await log(2);
    const socket = await connectSocket(server.url);
    try {
      socket.send({ type: "subscribe", path: "live.md" });
      await socket.waitFor(shows(2));
      expect(await dataRuns()).toEqual([]); // opening the workbook is not a data run

      await log(3);
      await socket.waitFor(shows(5));
      await expect.poll(async () => (await dataRuns()).length, { timeout: 5000 }).toBe(1);
      const [run] = await dataRuns();
      expect(run).toMatchObject({ workbook: "live.md", status: "ok", errors: [] });
      expect(run.cells.map((cell) => cell.status)).toEqual(["fulfilled", "fulfilled", "fulfilled", "fulfilled"]);
      expect(run.alerts).toEqual([
        expect.objectContaining({ ruleId: "live.md#many", from: "normal", to: "firing", trigger: "data" }),
      ]);

      await log(1);
      await socket.waitFor(shows(6));
      await expect.poll(async () => (await dataRuns()).length, { timeout: 5000 }).toBe(2);

      await writeFile(join(dir, "live.md"), workbook(100));
      await socket.waitFor((m): m is ServerMessage => m.type === "workbook" && m.workbook.text.includes("n > 100"));
      await new Promise((resolve) => setTimeout(resolve, 800));
      expect(await dataRuns()).toHaveLength(2);

      const points = server.store.db
        .prepare("select value from driftbook_metric_points where workbook = 'live.md' order by id")
        .all();
      expect(points).toEqual([{ value: 5 }, { value: 6 }]);
    } finally {
      socket.close();
    }
  }, 30_000);
});
