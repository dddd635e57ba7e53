import { MessageChannel, receiveMessageOnPort } from "node:worker_threads";
import { describe, expect, it } from "vitest";
import { columnBatchOf, type ColumnBatch } from "../../server/ingest/columnBatch.ts";
import { packBatch, unpackBatch, type PackedBatch } from "../../server/ingest/columnBatchWire.ts";
import type { PredictionInput } from "../../server/ingest/types.ts";

/** The batch after a real trip through a MessageChannel, packed and unpacked. */
function sent(batch: ColumnBatch): { received: ColumnBatch; message: PackedBatch } {
  const { port1, port2 } = new MessageChannel();
  const { message, transfer } = packBatch(batch);
  port1.postMessage(message, transfer);
  const arrived = receiveMessageOnPort(port2)!.message as PackedBatch;
  port1.close();
  return { received: unpackBatch(arrived), message: arrived };
}

describe("packBatch and unpackBatch", () => {
  const rows: PredictionInput[] = Array.from({ length: 40 }, (_, i) => ({
    row: i + 3,
    id: i % 5 === 0 ? undefined : `id-${i}-é`,
    ts: i % 7 === 0 ? undefined : 1000 + i,
    features: {
      x: i % 3 === 0 ? null : i / 8,
      city: i % 4 === 0 ? null : ["Lyon", "Zürich", ""][i % 3]!,
      note: `free text ${i} ${"😀".repeat(i % 3)}`,
      member: i % 2 === 0,
      mixed: i % 2 === 0 ? i : `m${i}`,
      embedding: i % 6 === 0 ? null : Float32Array.of(i, -i / 4, 0.5),
    },
    prediction: i % 2,
  }));
  const batch = columnBatchOf(rows);
  const expected = structuredClone(batch);

  it("gives back the same batch, ids and text of every kind, nulls and numbers included", () => {
    const { received, message } = sent(batch);
    expect(received).toEqual(expected);
    const forms = Object.fromEntries(
      message.columns.map((column) => [column.name, column.kind === "text" ? column.values.form : column.kind]),
    );
    // Few distinct values travel as a dictionary; many (ids, free text) joined.
    expect(forms).toEqual({
      x: "number",
      city: "dictionary",
      note: "joined",
      member: "boolean",
      mixed: "mixed",
      embedding: "vector",
      prediction: "number",
    });
    expect(message.ids.form).toBe("joined");
  });

  it("moves the typed arrays instead of copying them", () => {
    const fresh = columnBatchOf(rows);
    const x = fresh.columns.find((column) => column.name === "x")!;
    sent(fresh);
    expect(fresh.rows.byteLength).toBe(0);
    expect(x.kind === "number" && x.values.byteLength).toBe(0);
  });
});
