import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { RunningServer } from "../../../server/compose.ts";
import { startTestServer } from "../../helpers/server.ts";
import { tempDir } from "../../helpers/workbooks.ts";
import { ENGINES, engineDatabases } from "../../helpers/engines.ts";

describe.each(ENGINES)("ingest API on %s", (engine) => {
  const databases = engineDatabases(engine);
  let server: RunningServer;
  let cleanup: () => Promise<void>;

  beforeAll(async () => {
    const temp = await tempDir();
    cleanup = temp.cleanup;
    server = await startTestServer({
      workbooksDir: temp.dir,
      dbPath: await databases.location(),
      maxBodyBytes: 64 * 1024,
    });
  });
  afterAll(async () => {
    await server.close();
    await cleanup();
  });

  function post(path: string, body: string, type: string, method = "POST") {
    return fetch(`${server.url}${path}`, { method, headers: { "content-type": type }, body });
  }

  /** A JSON answer, typed loosely: the assertions check its shape. */
  const json = async (response: Response): Promise<any> => response.json();

  const rowsOf = (model: string) => server.store.model(model)?.rows ?? 0;

  describe("batches", () => {
    it("logs JSON, NDJSON and CSV batches and answers rows written and the schema", async () => {
      const jsonResponse = await post(
        "/api/v1/models/credit/predictions",
        JSON.stringify([
          { id: "a", ts: "2026-11-01T10:00:00Z", features: { age: 30, region: "north" }, prediction: 1, score: 0.8 },
        ]),
        "application/json",
      );
      expect(jsonResponse.status).toBe(201);
      expect(await json(jsonResponse)).toMatchObject({
        model: "credit",
        written: 1,
        duplicates: 0,
        columns: expect.arrayContaining([{ name: "age", type: "REAL", role: "feature" }]),
      });
      const ndjson = await post(
        "/api/v1/models/credit/predictions",
        '{"id":"b","features":{"age":41,"region":"south"},"prediction":0}\n',
        "application/x-ndjson",
      );
      expect(ndjson.status).toBe(201);
      const csv = await post(
        "/api/v1/models/credit/predictions",
        "id,age,region,prediction,score\nc,52,east,1,0.9\n",
        "text/csv; charset=utf-8",
      );
      expect(csv.status).toBe(201);
      expect(rowsOf("credit")).toBe(3);
      const model = await json(await fetch(`${server.url}/api/v1/models/credit`));
      expect(model).toMatchObject({
        name: "credit",
        rows: 3,
        from: Date.parse("2026-11-01T10:00:00Z"),
        labelCoverage: 0,
      });
      expect((await json(await fetch(`${server.url}/api/v1/models`))).map((m: { name: string }) => m.name)).toContain(
        "credit",
      );
    });

    it("attaches labels later and replaces the reference set", async () => {
      const labels = await post(
        "/api/v1/models/credit/labels",
        JSON.stringify([
          { id: "a", label: 1 },
          { id: "zzz", label: 0 },
        ]),
        "application/json",
      );
      expect(await json(labels)).toMatchObject({ matched: 1, unmatched: 1, unmatchedIds: ["zzz"] });
      const reference = await post(
        "/api/v1/models/credit/reference",
        "age,region,prediction\n33,north,1\n44,west,0\n",
        "text/csv",
        "PUT",
      );
      expect(reference.status).toBe(200);
      expect(await json(reference)).toMatchObject({ written: 2 });
      expect(server.store.model("credit")).toMatchObject({ referenceRows: 2, labelCoverage: 1 / 3 });
    });

    it("keeps named reference sets and their replaced versions, and lists them", async () => {
      const put = (query: string, body: string) =>
        post(`/api/v1/models/named/reference${query}`, body, "text/csv", "PUT");
      expect((await put("", "age,prediction\n1,1\n")).status).toBe(200);
      const shadow = await put("?name=last_quarter", "age,prediction\n2,1\n3,0\n");
      expect(await json(shadow)).toMatchObject({
        written: 2,
        reference: { name: "last_quarter", version: 1, table: "named_reference_last_quarter", rows: 2 },
      });
      const replaced = await json(await put("?name=last_quarter", "age,prediction\n4,1\n"));
      expect(replaced.reference).toMatchObject({ version: 2, rows: 1 });
      const listed = await json(await fetch(`${server.url}/api/v1/models/named/references`));
      expect(listed.model).toBe("named");
      expect(listed.references.map((v: any) => [v.name, v.version, v.rows, v.table, v.replacedAt !== null])).toEqual([
        ["last_quarter", 2, 1, "named_reference_last_quarter", false],
        ["last_quarter", 1, 2, "named_reference_last_quarter__1", true],
        ["training", 1, 1, "named_reference", false],
      ]);
      expect(server.store.model("named")!.references).toEqual(["last_quarter", "training"]);
      const bad = await put("?name=Bad__Name", "age,prediction\n5,1\n");
      expect(bad.status).toBe(400);
      expect(await json(bad)).toMatchObject({
        field: "name",
        error: expect.stringMatching(/reference name "Bad__Name"/),
      });
      expect((await fetch(`${server.url}/api/v1/models/nope/references`)).status).toBe(404);
    });

    const BAD: [string, string, string, RegExp, number?][] = [
      ["malformed JSON", "[{", "application/json", /JSON/i],
      [
        "malformed NDJSON line",
        '{"features":{"age":1},"prediction":1}\n{oops\n',
        "application/x-ndjson",
        /row 2|line 2/,
      ],
      ["malformed CSV", 'age,prediction\n"unterminated,1\n', "text/csv", /CSV|quote/i],
      ["a wrong type", JSON.stringify([{ features: { age: "old" }, prediction: 1 }]), "application/json", /row 1.*age/],
      [
        "an invalid feature name",
        JSON.stringify([{ features: { "bad name": 1 }, prediction: 1 }]),
        "application/json",
        /bad name/,
      ],
      ["NaN in CSV", "age,prediction\nNaN,1\n", "text/csv", /NaN/],
      [
        "Infinity as a score",
        JSON.stringify([{ features: { age: 1 }, prediction: 1, score: "Infinity" }]),
        "application/json",
        /Infinity|score/,
      ],
      ["a missing prediction", JSON.stringify([{ features: { age: 1 } }]), "application/json", /prediction/],
      ["an unknown content type", "age=1", "application/x-www-form-urlencoded", /content type/],
      [
        "too many columns",
        JSON.stringify([
          { features: Object.fromEntries(Array.from({ length: 1500 }, (_, i) => [`f${i}`, i])), prediction: 1 },
        ]),
        "application/json",
        /columns/,
      ],
    ];

    for (const [what, body, type, message] of BAD) {
      it(`answers 4xx naming the problem for ${what}, and stores nothing`, async () => {
        const before = rowsOf("credit");
        const response = await post("/api/v1/models/credit/predictions", body, type);
        expect(response.status).toBeGreaterThanOrEqual(400);
        expect(response.status).toBeLessThan(500);
        const answer = await json(response);
        expect(answer.error).toMatch(message);
        expect(rowsOf("credit")).toBe(before);
      });
    }

    it("answers 413 for a body over the limit and 400 for an invalid model name, and keeps serving", async () => {
      const before = rowsOf("credit");
      const big = "x".repeat(70 * 1024);
      const tooBig = await post(
        "/api/v1/models/credit/predictions",
        JSON.stringify([{ features: { note: big }, prediction: 1 }]),
        "application/json",
      );
      expect(tooBig.status).toBe(413);
      expect((await json(tooBig)).error).toMatch(/larger than the limit/);
      const badName = await post(
        "/api/v1/models/Bad-Name/predictions",
        JSON.stringify([{ features: { a: 1 }, prediction: 1 }]),
        "application/json",
      );
      expect(badName.status).toBe(400);
      expect((await json(badName)).error).toMatch(/model name/i);
      expect(rowsOf("credit")).toBe(before);
      expect((await fetch(`${server.url}/healthz`)).status).toBe(200);
      expect((await fetch(`${server.url}/api/v1/models/nope`)).status).toBe(404);
    });

    it("answers 415 for a charset other than UTF-8, and 400 naming row and field for a lone surrogate", async () => {
      const before = rowsOf("credit");
      const utf16 = await post(
        "/api/v1/models/credit/predictions",
        "age,prediction\n1,1\n",
        "text/csv; charset=utf-16",
      );
      expect(utf16.status).toBe(415);
      expect(await json(utf16)).toEqual({
        error: 'unsupported charset "utf-16": send the body as UTF-8',
        field: "content-type",
      });
      const surrogate = await post(
        "/api/v1/models/credit/predictions",
        '[{"features": {"city": "\\ud800"}, "prediction": 1}]',
        "application/json",
      );
      expect(surrogate.status).toBe(400);
      expect(await json(surrogate)).toMatchObject({ row: 1, field: "features.city" });
      expect(rowsOf("credit")).toBe(before);
    });
  });
});
