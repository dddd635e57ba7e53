import { setTimeout as sleep } from "node:timers/promises";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { RunningServer } from "../../../server/compose.ts";
import type { CreatedShare } from "../../../server/protocol/index.ts";
import { ENGINES, engineDatabases } from "../../helpers/engines.ts";
import { startServerWith } from "../../helpers/server.ts";
import { workbookText } from "../../helpers/workbooks.ts";
import {
  EXPORT_QUERY,
  EXPORT_ROWS as ROWS,
  exportRows as rows,
  exportRowsNdjson,
  expectedDelimited as expectedCsv,
} from "../../helpers/exportRows.ts";

const TOKEN = "editor-token-0123456789abcdef";
const editor = { authorization: `Bearer ${TOKEN}` };
const IDLE_CLOSE_MS = 400;

const WORKBOOK = workbookText(
  `\`\`\`sql table\n${EXPORT_QUERY}\n\`\`\``,
  '({method: "ks", share: 0.5, drift: true, features: [{feature: "=income", statistic: 0.5, pValue: 0.01, drift: true}, {feature: "age", statistic: 0.1, pValue: 0.6, drift: false}]})',
  "```js hidden\ntable\n```",
  "[{pid: process.pid}]",
);

/** A workbook whose table shows its params: `region` viewers may set, `note` only editors. */
const WITH_PARAMS =
  "---\nparams:\n  region:\n    type: select\n    options: [eu, us]\n    viewer: true\n  note:\n    type: text\n    default: plain\n---\n\n" +
  workbookText("```sql chosen\nselect ${params.region} as region, ${params.note} as note\n```");

describe.each(ENGINES)("downloads on %s", (engine) => {
  const databases = engineDatabases(engine);
  let server: RunningServer;
  let close: () => Promise<void>;

  const log = async (list: ReturnType<typeof rows>) => {
    const body = exportRowsNdjson(list);
    const response = await fetch(`${server.url}/api/v1/models/m/predictions`, {
      method: "POST",
      headers: { "content-type": "application/x-ndjson", ...editor },
      body,
    });
    expect(response.status).toBeLessThan(300);
  };
  const get = (path: string, headers: Record<string, string> = editor) => fetch(server.url + path, { headers });
  const share = async (downloads?: boolean): Promise<CreatedShare> => {
    const response = await fetch(`${server.url}/api/v1/shares`, {
      method: "POST",
      headers: { "content-type": "application/json", ...editor },
      body: JSON.stringify({ workbook: "daily.md", downloads }),
    });
    expect(response.status).toBe(201);
    return (await response.json()) as CreatedShare;
  };

  beforeAll(async () => {
    ({ server, close } = await startServerWith(
      { "daily.md": WORKBOOK, "regions.md": WITH_PARAMS },
      { auth: { token: TOKEN }, dbPath: await databases.location(), idleCloseMs: IDLE_CLOSE_MS },
    ));
    await log(rows(0, ROWS));
  });
  afterAll(() => close());

  it("streams the whole table, not the first 1,000 rows, quoted per RFC 4180 with formulas defused", async () => {
    const response = await get("/api/v1/workbooks/daily.md/cells/table/export.csv");
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toBe("text/csv; charset=utf-8; header=present");
    expect(response.headers.get("content-disposition")).toBe('attachment; filename="daily-table.csv"');
    expect(await response.text()).toBe(expectedCsv(rows(0, ROWS)));
    const byIndex = await get("/api/v1/workbooks/daily.md/cells/0/export.tsv");
    expect(byIndex.headers.get("content-type")).toBe("text/tab-separated-values; charset=utf-8");
    expect(await byIndex.text()).toBe(expectedCsv(rows(0, ROWS), "\t"));
  });

  it("starts a closed workbook again as a preview: the download has the new rows and no run is recorded", async () => {
    const pid = () => get("/api/v1/workbooks/daily.md/cells/3/export.csv").then((response) => response.text());
    const before = await pid(); // the cell process that ran the workbook
    await sleep(IDLE_CLOSE_MS * 3); // nobody watches: the workbook and its cell process are closed
    await log(rows(ROWS, ROWS + 5));
    const response = await get("/api/v1/workbooks/daily.md/cells/table/export.csv");
    expect(await response.text()).toBe(expectedCsv(rows(0, ROWS + 5)));
    expect(await pid()).toMatch(/^pid\r\n\d+\r\n$/);
    expect(await pid()).not.toBe(before); // a new process ran it
    const runs = (await (await get("/api/v1/workbooks/daily.md/runs")).json()) as { total: number };
    expect(runs.total).toBe(0);
  });

  it("downloads a drift report as CSV, one row per feature, and as JSON", async () => {
    const csv = await get("/api/v1/workbooks/daily.md/cells/1/export.csv");
    expect(await csv.text()).toBe(
      "feature,method,status,statistic,pValue,threshold,drift,referenceRows,currentRows,newCategories,missingCategories,reason\r\n" +
        "'=income,ks,drifted,0.5,0.01,,true,,,,,\r\n" +
        "age,ks,stable,0.1,0.6,,false,,,,,\r\n",
    );
    const json = await get("/api/v1/workbooks/daily.md/cells/1/export.json");
    expect(json.headers.get("content-disposition")).toBe('attachment; filename="daily-cell-1.json"');
    expect(await json.json()).toMatchObject({
      method: "ks",
      share: 0.5,
      drift: true,
      features: [
        { feature: "=income", status: "drifted" },
        { feature: "age", status: "stable" },
      ],
    });
  });

  it("names what is wrong: an unknown cell, format or output, a table as JSON", async () => {
    const error = async (path: string, status: number, field: string) => {
      const response = await get(path);
      expect(response.status).toBe(status);
      expect(await response.json()).toMatchObject({ field });
    };
    await error("/api/v1/workbooks/daily.md/cells/nothing/export.csv", 404, "cell");
    await error("/api/v1/workbooks/daily.md/cells/0/export.xlsx", 400, "format");
    await error("/api/v1/workbooks/daily.md/cells/0/export.json", 400, "format");
    await error("/api/v1/workbooks/daily.md/cells/0/export.csv?output=3", 409, "output");
    expect((await get("/api/v1/workbooks/daily.md/cells/0/export.csv", {})).status).toBe(401);
  });

  it("lets share viewers download only from links that allow it, and only cells the view shows", async () => {
    const allowed = await share(true);
    const refused = await share();
    expect([allowed.downloads, refused.downloads]).toEqual([true, false]);
    const listed = (await (await get("/api/v1/shares?workbook=daily.md")).json()) as { shares: CreatedShare[] };
    expect(listed.shares.find((link) => link.id === allowed.id)?.downloads).toBe(true);
    const viewer = {}; // no editor credentials: the link's token is the check
    const download = await get(`${allowed.path}/cells/0/export.csv`, viewer);
    expect(download.status).toBe(200);
    expect(download.headers.get("content-disposition")).toBe('attachment; filename="cell-0.csv"');
    expect(await download.text()).toBe(expectedCsv(rows(0, ROWS + 5)));
    expect((await get(`${allowed.path}/cells/1/export.json`, viewer)).status).toBe(200);
    const forbidden = await get(`${refused.path}/cells/0/export.csv`, viewer);
    expect(forbidden.status).toBe(403);
    expect(await forbidden.json()).toMatchObject({ error: expect.stringContaining("does not allow downloads") });
    expect((await get(`${allowed.path}/cells/2/export.csv`, viewer)).status).toBe(404); // hidden
    expect((await get(`${allowed.path}/cells/table/export.csv`, viewer)).status).toBe(404); // names stay private
    const revoked = await fetch(`${server.url}/api/v1/shares/${allowed.id}`, { method: "DELETE", headers: editor });
    expect(revoked.status).toBe(204);
    expect((await get(`${allowed.path}/cells/0/export.csv`, viewer)).status).toBe(404);
  });

  it("downloads the table of the params in the URL, as the page shows it; a viewer sets only viewer params", async () => {
    const editorCsv = await get("/api/v1/workbooks/regions.md/cells/chosen/export.csv?region=us&note=edited");
    expect(await editorCsv.text()).toBe("region,note\r\nus,edited\r\n");
    const response = await fetch(`${server.url}/api/v1/shares`, {
      method: "POST",
      headers: { "content-type": "application/json", ...editor },
      body: JSON.stringify({ workbook: "regions.md", downloads: true }),
    });
    const link = (await response.json()) as CreatedShare;
    const viewerCsv = await get(`${link.path}/cells/0/export.csv?region=us&note=edited&output=0`, {});
    expect(await viewerCsv.text()).toBe("region,note\r\nus,plain\r\n");
    expect(await (await get(`${link.path}/cells/0/export.csv`, {})).text()).toBe("region,note\r\neu,plain\r\n");
  });

  it("refuses a share whose downloads is not a boolean, naming the field", async () => {
    const response = await fetch(`${server.url}/api/v1/shares`, {
      method: "POST",
      headers: { "content-type": "application/json", ...editor },
      body: JSON.stringify({ workbook: "daily.md", downloads: "yes" }),
    });
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({ field: "downloads" });
  });
});
