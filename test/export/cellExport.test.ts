import { describe, expect, it } from "vitest";
import { driftJson, driftText, tableText, type PageReader } from "../../server/export/cellExport.ts";
import type { DriftOutput } from "../../server/protocol/index.ts";

describe("table text", () => {
  /** A reader over `total` rows that records the pages asked for. */
  function reader(total: number, shownAfter = (_offset: number) => 7) {
    const asked: [number, number, number | undefined][] = [];
    const read: PageReader = async (offset, limit, shown) => {
      asked.push([offset, limit, shown]);
      const rows = Array.from({ length: Math.max(0, Math.min(limit, total - offset)) }, (_, i) => [
        offset + i,
        `r${offset + i}`,
      ]);
      return { columns: ["n", "name"], rows, totalRows: total, shown: shownAfter(offset) };
    };
    return { read, asked };
  }
  const collect = async (chunks: AsyncGenerator<string>) => {
    let text = "";
    for await (const chunk of chunks) text += chunk;
    return text;
  };

  it("is the header then every page, each page asked of the same display as the first", async () => {
    const { read, asked } = reader(12_001);
    const text = await collect(tableText(read, "csv"));
    const lines = text.split("\r\n");
    expect(lines[0]).toBe("n,name");
    expect(lines).toHaveLength(12_003); // header, rows, and the empty text after the last CRLF
    expect(lines[12_001]).toBe("12000,r12000");
    expect(asked).toEqual([
      [0, 5000, undefined],
      [5000, 5000, 7],
      [10_000, 5000, 7],
    ]);
  });

  it("is only the header for an empty table", async () => {
    expect(await collect(tableText(reader(0).read, "tsv"))).toBe("n\tname\r\n");
  });
});

describe("drift report text", () => {
  const report: DriftOutput = {
    kind: "drift",
    method: "tabular",
    share: 0.5,
    tested: 2,
    drift: true,
    features: [
      {
        feature: "city",
        method: "chi-square",
        status: "drifted",
        statistic: 12.5,
        pValue: 0.001,
        threshold: 0.05,
        drift: true,
        referenceRows: 100,
        currentRows: 90,
        newCategories: { categories: [{ category: "=Oslo", count: 3 }], distinct: 1 },
      },
      {
        feature: "@age",
        method: "ks",
        status: "insufficient",
        statistic: null,
        pValue: null,
        threshold: null,
        drift: false,
        reason: "too few values, 2 < 5",
      },
    ],
  };

  it("has one row per feature, the categories counted, the formulas defused", () => {
    expect(driftText(report, "csv")).toBe(
      "feature,method,status,statistic,pValue,threshold,drift,referenceRows,currentRows,newCategories,missingCategories,reason\r\n" +
        "city,chi-square,drifted,12.5,0.001,0.05,true,100,90,1,,\r\n" +
        '\'@age,ks,insufficient,,,,false,,,,,"too few values, 2 < 5"\r\n',
    );
  });

  it("keeps the categories themselves in JSON, without the wire kind", () => {
    const json = JSON.parse(driftJson(report)) as Record<string, unknown>;
    expect(json.kind).toBeUndefined();
    expect(json).toMatchObject({
      method: "tabular",
      features: [{ newCategories: { categories: [{ category: "=Oslo" }] } }, {}],
    });
  });
});
