/** A dataQuality result displayed by a cell becomes a `quality` report, its checks worded once for every viewer. */
import { describe, expect, it } from "vitest";
import { dataQuality } from "../../detectors/index.ts";
import type { QualityOutput } from "../../server/protocol/index.ts";
import { serializeValue } from "../../server/runtime/serialize.ts";

const reference = Array.from({ length: 10 }, (_, i) => ({ id: i, age: 20 + i, region: i % 2 ? "eu" : "us" }));
const current = [
  { id: 1, age: 25, region: "eu" },
  { id: 1, age: 90, region: "<img src=x onerror=alert(1)>" },
  { id: 3, age: null, region: "eu" },
  { id: 4, age: 30, region: "eu" },
];

describe("quality output", () => {
  const output = serializeValue(dataQuality(current, { reference })) as QualityOutput;

  it("is classified as a quality report with the table's shape and findings", () => {
    expect(output.kind).toBe("quality");
    expect(output.rows).toBe(4);
    expect(output.totalColumns).toBe(3);
    expect(output.findings).toEqual([
      { check: "missing values", columns: ["age"] },
      { check: "duplicate ids", columns: ["id"] },
      { check: "values out of the reference's range", columns: ["age"] },
      { check: "categories the reference never had", columns: ["region"] },
    ]);
  });

  it("words each column's checks, with data kept as text", () => {
    const byName = Object.fromEntries(output.columns.map((column) => [column.column, column.issues]));
    expect(byName.id).toEqual(["1 duplicate ids"]);
    expect(byName.age).toEqual(["1 missing (25%)", "2 out of the reference's range [20, 29] (66.67%)"]);
    expect(byName.region).toEqual(["1 unseen (25%): <img src=x onerror=alert(1)>"]);
  });
});
