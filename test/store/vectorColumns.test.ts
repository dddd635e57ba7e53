/**
 * Vector features end to end: JSON arrays and CSV bracketed lists posted over real HTTP to a real
 * server, stored as float32 BLOBs in a real SQLite file with the dimension in the declared type,
 * refused with a 400 naming row and field when the length or kind differs, skipped by profiles,
 * and read back by a query as one Float32Array per row.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import Database from "better-sqlite3";
import { ReadonlyDatabase } from "../../server/store/readonly.ts";
import { startServerWith } from "../helpers/server.ts";

let server: Awaited<ReturnType<typeof startServerWith>>;
let dbPath: string;

beforeAll(async () => {
  server = await startServerWith({});
  dbPath = `${server.dir}/driftbook.db`;
});
afterAll(() => server.close());

function post(model: string, body: string, type = "application/json") {
  return fetch(`${server.server.url}/api/v1/models/${model}/predictions`, {
    method: "POST",
    headers: { "content-type": type },
    body,
  });
}

describe("vector features", () => {
  it("stores JSON arrays as float32 BLOBs whose dimension the first value fixes, and reads them back as Float32Arrays", async () => {
    const rows = [
      { id: "a", ts: 1_000, features: { embedding: [0.5, -1.25, 3], amount: 1 }, prediction: 1 },
      { id: "b", ts: 2_000, features: { embedding: [0.1, 0.2, 0.3], amount: 2 }, prediction: 0 },
      { id: "c", ts: 3_000, features: { embedding: null, amount: 3 }, prediction: 0 },
    ];
    const response = await post("emb", JSON.stringify(rows));
    expect(response.status).toBe(201);

    const db = new Database(dbPath, { readonly: true });
    const declared = db.prepare("select type from pragma_table_info('emb') where name = 'embedding'").pluck().get();
    expect(declared).toBe("BLOB(3)");
    const blob = db.prepare("select embedding from emb where id = 'a'").pluck().get() as Buffer;
    expect(blob.byteLength).toBe(12);
    expect(blob.readFloatLE(4)).toBe(-1.25);
    // Profiles describe the scalar columns and skip the vector one.
    const profiled = db
      .prepare("select distinct column_name from driftbook_profiles where model = 'emb'")
      .pluck()
      .all();
    db.close();
    expect(profiled).toContain("amount");
    expect(profiled).not.toContain("embedding");

    const reader = new ReadonlyDatabase(dbPath);
    const table = reader.query("select id, embedding, amount from emb order by id", []);
    reader.close();
    const embeddings = table.array("embedding") as (Float32Array | null)[];
    expect(embeddings[0]).toBeInstanceOf(Float32Array);
    expect(Array.from(embeddings[0]!)).toEqual([0.5, -1.25, 3]);
    expect(Array.from(embeddings[1]!)).toEqual(Array.from(Float32Array.of(0.1, 0.2, 0.3)));
    expect(embeddings[2]).toBeNull();
  });

  it("refuses a vector of another length than the column's with a 400 naming row and field, and keeps serving", async () => {
    const response = await post(
      "emb",
      JSON.stringify([
        { features: { embedding: [1, 2, 3] }, prediction: 1 },
        { features: { embedding: [1, 2] }, prediction: 1 },
      ]),
    );
    expect(response.status).toBe(400);
    const { error } = (await response.json()) as { error: string };
    expect(error).toMatch(/row 2/);
    expect(error).toMatch(/embedding/);
    expect(error).toMatch(/vector of 3 numbers/);
    // Against the stored column too, when the batch is consistent in itself.
    const stored = await post("emb", JSON.stringify([{ features: { embedding: [1, 2, 3, 4] }, prediction: 1 }]));
    expect(stored.status).toBe(400);
    expect(((await stored.json()) as { error: string }).error).toMatch(/row 1.*embedding.*BLOB\(3\).*vector of 4/);
    expect((await fetch(`${server.server.url}/healthz`)).status).toBe(200);
  });

  it("refuses a non-number element, and a scalar where a vector was, naming row and field", async () => {
    const element = await post("emb", JSON.stringify([{ features: { embedding: [1, "x", 3] }, prediction: 1 }]));
    expect(element.status).toBe(400);
    expect(((await element.json()) as { error: string }).error).toMatch(/row 1, features\.embedding: element 2/);
    const scalar = await post("emb", JSON.stringify([{ features: { embedding: 0.5 }, prediction: 1 }]));
    expect(scalar.status).toBe(400);
    expect(((await scalar.json()) as { error: string }).error).toMatch(/row 1.*embedding.*vector of 3 numbers/);
  });

  it("takes a CSV bracketed list as a vector, and refuses a malformed one", async () => {
    const csv = 'id,prediction,vec\nx,1,"[1, 2]"\ny,0,"[3.5, 4]"\n';
    const response = await post("csvemb", csv, "text/csv");
    expect(response.status).toBe(201);
    const reader = new ReadonlyDatabase(dbPath);
    const vectors = reader.query("select vec from csvemb order by id", []).array("vec") as Float32Array[];
    reader.close();
    expect(vectors.map((vector) => Array.from(vector))).toEqual([
      [1, 2],
      [3.5, 4],
    ]);
    const bad = await post("csvemb", 'prediction,vec\n1,"[1, 2"\n', "text/csv");
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { error: string }).error).toMatch(/row 1.*vec.*bracketed list/);
  });
});
