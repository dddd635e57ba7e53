import { describe, expect, it } from "vitest";
import { batchError } from "../helpers/batchError.ts";
import { MAX_TEXT_BYTES } from "../../server/ingest/batchReader.ts";
import { formatOf, parseLabels, parsePredictionColumns, parsePredictions } from "../../server/ingest/parseBatch.ts";
import type { BatchFormat } from "../../server/ingest/types.ts";

const json = (rows: unknown[]) => JSON.stringify(rows);
const ndjson = (rows: unknown[]) => rows.map((row) => JSON.stringify(row)).join("\n");
const predictionError = (body: string, format: BatchFormat = "json") =>
  batchError(() => parsePredictions(body, format));
/** A JSON batch whose row `at` (1-based) is `row` and whose other rows are valid. */
const withRow = (row: unknown, at = 2) =>
  json([...Array.from({ length: at - 1 }, () => ({ features: { x: 1 }, prediction: 0 })), row]);

describe("formatOf", () => {
  it.each([
    ["application/json", "json"],
    ["application/json; charset=utf-8", "json"],
    ["Application/JSON", "json"],
    ["application/x-ndjson", "ndjson"],
    ["application/jsonl; charset=UTF-8", "ndjson"],
    ["text/csv", "csv"],
    ["text/csv; charset=utf-8; header=present", "csv"],
  ])("reads %s as %s", (contentType, format) => {
    expect(formatOf(contentType)).toBe(format);
  });

  const unsupported = [undefined, "", "text/plain", "application/xml", "multipart/form-data; boundary=x"];
  it.each(unsupported)("refuses %j", (contentType) => {
    const error = batchError(() => formatOf(contentType));
    expect(error.message).toContain(`unsupported content type ${JSON.stringify(contentType ?? "")}`);
    for (const accepted of ["application/json", "application/x-ndjson", "application/jsonl", "text/csv"]) {
      expect(error.message).toContain(accepted);
    }
    expect(error.details).toEqual({ field: "content-type" });
  });
});

describe("parsePredictions from JSON", () => {
  it("reads every field", () => {
    const binary = { "0": 0.3, "1": 0.7 };
    const rows = parsePredictions(
      json([
        {
          id: "a1",
          ts: "2024-05-01T12:00:00Z",
          features: { age: 42, city: "Lyon", member: true, income: null },
          prediction: "approve",
          score: 0.81,
          probabilities: { approve: 0.81, reject: 0.19 },
          label: "approve",
        },
        { id: 7, ts: 1714564800000.4, features: {}, prediction: 1, score: null, probabilities: binary, label: null },
        { features: { age: 30 }, prediction: false },
      ]),
      "json",
    );
    expect(rows).toStrictEqual([
      {
        row: 1,
        id: "a1",
        ts: Date.UTC(2024, 4, 1, 12),
        features: { age: 42, city: "Lyon", member: true, income: null },
        prediction: "approve",
        score: 0.81,
        probabilities: { approve: 0.81, reject: 0.19 },
        label: "approve",
      },
      {
        row: 2,
        id: "7",
        ts: 1714564800000,
        features: {},
        prediction: 1,
        score: null,
        probabilities: binary,
        label: null,
      },
      {
        row: 3,
        id: undefined,
        ts: undefined,
        features: { age: 30 },
        prediction: false,
        score: undefined,
        probabilities: undefined,
        label: undefined,
      },
    ]);
  });

  it("treats null id, ts and probabilities as absent", () => {
    const body = json([{ id: null, ts: null, features: {}, prediction: 1, probabilities: null }]);
    const [row] = parsePredictions(body, "json");
    expect(row).toMatchObject({ id: undefined, ts: undefined, probabilities: undefined });
  });

  it("ignores a byte order mark", () => {
    expect(parsePredictions(`\ufeff${json([{ features: {}, prediction: 1 }])}`, "json")).toHaveLength(1);
  });

  it.each([
    ["2024-05-01", Date.UTC(2024, 4, 1)],
    ["2024-05-01T12:30:00Z", Date.UTC(2024, 4, 1, 12, 30)],
    ["2024-05-01T12:30:00.123456z", Date.UTC(2024, 4, 1, 12, 30, 0, 123)],
    ["2024-05-01T12:30:00", Date.UTC(2024, 4, 1, 12, 30)],
    ["2024-05-01 12:30:00", Date.UTC(2024, 4, 1, 12, 30)],
    ["2024-05-01T12:30:00+02:00", Date.UTC(2024, 4, 1, 10, 30)],
    ["2024-05-01 12:30:00-0100", Date.UTC(2024, 4, 1, 13, 30)],
    ["2024-02-29T00:00:00Z", Date.UTC(2024, 1, 29)],
  ])("reads ts %s as UTC epoch ms unless it has an offset", (ts, expected) => {
    expect(parsePredictions(json([{ ts, features: {}, prediction: 1 }]), "json")[0]!.ts).toBe(expected);
  });

  it.each([
    ["yesterday", "expected epoch milliseconds or ISO 8601"],
    ["1714564800000", "expected epoch milliseconds or ISO 8601"],
    ["2024-13-01", "is not a valid date and time"],
    ["2023-02-29", "is not a valid date and time"],
    ["2024-04-31T00:00:00Z", "is not a valid date and time"],
    ["2024-05-01T25:00:00Z", "is not a valid date and time"],
    ["2024-05-01Tnoon", "is not a valid date and time"],
    ["NaN", "NaN is not allowed: send null for a missing value"],
    [-1, "-1 is out of range"],
    [1e20, "100000000000000000000 is out of range: send a time from 1970 to 9999"],
    [true, "expected epoch milliseconds or ISO 8601"],
    [{ ms: 1 }, "expected epoch milliseconds or ISO 8601"],
  ])("refuses ts %j", (ts, problem) => {
    const error = predictionError(withRow({ ts, features: {}, prediction: 1 }));
    expect(error.message).toMatch(/^row 2, ts: /);
    expect(error.message).toContain(problem);
    expect(error.details).toEqual({ row: 2, field: "ts" });
  });

  it("names an unknown field and its row", () => {
    const error = predictionError(withRow({ features: {}, prediction: 1, scores: { a: 1 } }, 3));
    expect(error.message).toBe(
      "row 3, scores: unknown field: a prediction has id, ts, features, prediction, score, probabilities and label",
    );
    expect(error.details).toEqual({ row: 3, field: "scores" });
  });

  it("refuses nested feature objects", () => {
    const error = predictionError(withRow({ features: { address: { city: "Lyon" } }, prediction: 1 }));
    expect(error.message).toBe(
      "row 2, features.address: nested objects and arrays are not allowed: send a string, number, boolean or null",
    );
    expect(error.details).toEqual({ row: 2, field: "features.address" });
  });

  it.each([
    [{ tags: ["a", "b"] }, 'element 1 is the string "a": a vector holds finite numbers only'],
    [{ tags: [] }, "an empty array: a vector needs at least one number"],
    [{ tags: [1, 1e39] }, "element 2 (1e+39) is beyond float32's range"],
  ])("refuses a feature array that is no vector of numbers %j", (features, problem) => {
    const error = predictionError(withRow({ features, prediction: 1 }));
    expect(error.message).toBe(`row 2, features.tags: ${problem}`);
    expect(error.details).toEqual({ row: 2, field: "features.tags" });
  });

  it("takes a feature array of numbers as a Float32Array, and refuses another length in the batch", () => {
    const [row] = parsePredictions(JSON.stringify([{ features: { v: [0.25, 2] }, prediction: 1 }]), "json");
    expect(row!.features.v).toEqual(Float32Array.of(0.25, 2));
    const body = JSON.stringify([
      { features: { v: [1, 2] }, prediction: 1 },
      { features: { v: [1, 2, 3] }, prediction: 1 },
    ]);
    const error = batchError(() => parsePredictionColumns(body, "json"));
    expect(error.message).toBe(
      'row 2: field "v" expects a vector of 2 numbers (as its first value in the batch), got a vector of 3',
    );
    expect(error.details).toEqual({ row: 2, field: "v" });
  });

  it("refuses a number JSON.parse overflows to Infinity", () => {
    const error = predictionError('[{"features": {"x": 1e999}, "prediction": 1}]');
    expect(error.message).toBe("row 1, features.x: Infinity is not allowed: send null for a missing value");
    expect(error.details).toEqual({ row: 1, field: "features.x" });
  });

  it.each([
    [{ prediction: 1 }, "features", "missing"],
    [{ features: [1, 2], prediction: 1 }, "features", "expected an object of feature values, got an array"],
    [{ features: null, prediction: 1 }, "features", "expected an object of feature values, got null"],
    [{ features: {} }, "prediction", "missing or null: every row needs a prediction"],
    [{ features: {}, prediction: null }, "prediction", "missing or null"],
    [{ features: {}, prediction: { class: 1 } }, "prediction", "nested objects and arrays are not allowed"],
    [{ features: {}, prediction: 1, label: [1] }, "label", "nested objects and arrays are not allowed"],
    [{ features: {}, prediction: 1, score: "0.5" }, "score", 'expected a number, got the string "0.5"'],
    [{ features: {}, prediction: 1, score: "NaN" }, "score", "NaN is not allowed: send null for a missing value"],
    [
      { features: {}, prediction: 1, score: "-Infinity" },
      "score",
      "-Infinity is not allowed: send null for a missing value",
    ],
    [{ features: {}, prediction: 1, score: true }, "score", "expected a number, got true"],
    [
      { features: {}, prediction: 1, probabilities: [0.5] },
      "probabilities",
      "expected an object of class → probability",
    ],
    [{ features: {}, prediction: 1, probabilities: { yes: 1.2 } }, "probabilities.yes", "1.2 is not a probability"],
    [{ features: {}, prediction: 1, probabilities: { yes: -0.1 } }, "probabilities.yes", "-0.1 is not a probability"],
    [{ features: {}, prediction: 1, probabilities: { yes: null } }, "probabilities.yes", "expected a number, got null"],
    [
      { features: {}, prediction: 1, probabilities: { yes: "Infinity" } },
      "probabilities.yes",
      "Infinity is not allowed",
    ],
    [{ features: {}, prediction: 1, probabilities: { "a b": 0.5 } }, "probabilities.a b", "a class name must be"],
    [{ features: {}, prediction: 1, id: "" }, "id", "empty"],
    [{ features: {}, prediction: 1, id: true }, "id", "expected a string or a number, got true"],
    [{ features: {}, prediction: 1, id: { v: 1 } }, "id", "expected a string or a number, got an object"],
    [{ features: { "bad-name": 1 }, prediction: 1 }, "features.bad-name", "letters, digits or underscores"],
    [{ features: { Label: 1 }, prediction: 1 }, "features.Label", "reserved column name"],
    [{ features: { proba_yes: 0.5 }, prediction: 1 }, "features.proba_yes", "reserved for class probabilities"],
  ])("refuses %j: %s", (row, field, problem) => {
    const error = predictionError(withRow(row));
    expect(error.message.startsWith(`row 2, ${field}: `)).toBe(true);
    expect(error.message).toContain(problem);
    expect(error.details).toEqual({ row: 2, field });
  });

  it("refuses a feature named __proto__, which JSON.parse reads as an own key", () => {
    const error = predictionError('[{"features": {"__proto__": 1}, "prediction": 1}]');
    expect(error.message).toBe("row 1, features.__proto__: __proto__ is not allowed as a feature name");
    expect(error.details).toEqual({ row: 1, field: "features.__proto__" });
  });

  it("refuses a row that is not an object", () => {
    const error = predictionError(withRow([1, 2]));
    expect(error.message).toBe(
      "row 2: expected an object with id, ts, features, prediction, score, probabilities and label, got an array",
    );
    expect(error.details).toEqual({ row: 2 });
  });

  it("refuses a body that is not an array", () => {
    const error = predictionError(JSON.stringify({ features: {}, prediction: 1 }));
    expect(error.message).toBe("expected a JSON array of rows, got an object");
    expect(error.details).toEqual({});
  });

  it("names both rows of a duplicate id, numbers and strings alike", () => {
    const error = predictionError(
      json([
        { id: 7, features: {}, prediction: 1 },
        { id: "8", features: {}, prediction: 1 },
        { id: "7", features: {}, prediction: 1 },
      ]),
    );
    expect(error.message).toBe('row 3, id: "7" is also the id of row 1');
    expect(error.details).toEqual({ row: 3, field: "id" });
  });

  it("refuses feature names that differ only in case, naming the first", () => {
    const body = json([
      { features: { Age: 1 }, prediction: 1 },
      { features: { age: 2 }, prediction: 1 },
    ]);
    const error = predictionError(body);
    expect(error.message).toBe("row 2, features.age: collides with Age of row 1: column names are case-insensitive");
    expect(error.details).toEqual({ row: 2, field: "features.age" });
  });

  it("finds a bad feature name that first appears in a late row", () => {
    const rows = Array.from({ length: 50 }, (_, index) => ({ features: { a: index, b: "x" }, prediction: 1 }));
    expect(parsePredictions(json(rows), "json")).toHaveLength(50);
    rows.push({ features: { a: 1, "b!": "x" } as never, prediction: 1 });
    expect(predictionError(json(rows)).details).toEqual({ row: 51, field: "features.b!" });
  });

  it("limits the distinct feature and probability columns of a batch", () => {
    const body = json([
      { features: { a: 1, b: 2 }, prediction: 1 },
      { features: { a: 1 }, prediction: 1, probabilities: { yes: 0.5 } },
    ]);
    expect(parsePredictions(body, "json", { maxColumns: 3 })).toHaveLength(2);
    const error = batchError(() => parsePredictions(body, "json", { maxColumns: 2 }));
    expect(error.message).toBe(
      "row 2, probabilities.yes: the batch has at least 3 feature and probability columns; the limit is 2",
    );
    expect(error.details).toEqual({ row: 2, field: "probabilities.yes" });
  });

  it.each(["[]", "", "  \n"])("refuses an empty batch %j", (body) => {
    const error = predictionError(body);
    expect(error.message).toBe("the batch has no rows");
  });

  describe("malformed JSON", () => {
    it("names the row, the position and its line and column", () => {
      const body = '[\n  {"features": {}, "prediction": 1},\n  {"features": {}, "prediction": 1,}\n]';
      const error = predictionError(body);
      const position = body.indexOf(",}") + 1;
      expect(error.message).toBe(
        `row 2: malformed JSON at position ${position} (line 3, column 36): Expected double-quoted property name`,
      );
      expect(error.details).toEqual({ row: 2 });
    });

    it("says NaN is not allowed where Python's json wrote it", () => {
      const body = '[{"features": {"x": 1}, "prediction": 1}, {"features": {"x": NaN}, "prediction": 1}]';
      const error = predictionError(body);
      expect(error.message).toBe(
        `row 2: malformed JSON at position ${body.indexOf("NaN")} (line 1, column ${body.indexOf("NaN") + 1}): ` +
          "NaN is not allowed: send null for a missing value",
      );
      expect(error.details).toEqual({ row: 2 });
    });

    it("points at -Infinity's minus sign", () => {
      const body = '[{"features": {"x": -Infinity}, "prediction": 1}]';
      expect(predictionError(body).message).toBe(
        `row 1: malformed JSON at position ${body.indexOf("-")} (line 1, column ${body.indexOf("-") + 1}): ` +
          "-Infinity is not allowed: send null for a missing value",
      );
    });

    it.each([
      ['[{"features": {}, "prediction": 1}, {"features": {}, "prediction": 1},]', 3, ",]"],
      ['[{"features": {}, "prediction": 1}, {"features": {}, "prediction": \'yes\'}]', 2, "'yes'"],
      ['[{"features": {}, "prediction": 1}, {"features": {"x": undefined}, "prediction": 1}]', 2, "undefined"],
      ['[{"features": {}, "prediction": tru}]', 1, "tru"],
    ])("finds the token V8 names no position for in %s", (body, row, token) => {
      const error = predictionError(body);
      const position = body.indexOf(token) + (token === ",]" ? 1 : 0);
      expect(error.message).toMatch(
        new RegExp(
          `^row ${row}: malformed JSON at position ${position} \\(line 1, column ${position + 1}\\): Unexpected`,
        ),
      );
      expect(error.details).toEqual({ row });
    });

    it("names the last row of a truncated body", () => {
      const body = '[{"features": {}, "prediction": 1}, {"features": {"x": "ab';
      const error = predictionError(body);
      expect(error.message).toMatch(/^row 2: malformed JSON at position \d+ \(line 1, column \d+\): Unterminated/);
    });
  });
});

describe("parsePredictions from NDJSON", () => {
  it("numbers rows by line, skipping blank lines and CRLF", () => {
    const first = JSON.stringify({ features: { x: 1 }, prediction: 1 });
    const second = JSON.stringify({ id: 5, features: { x: 2 }, prediction: 0 });
    const body = `${first}\r\n\r\n  \n${second}\n`;
    const rows = parsePredictions(body, "ndjson");
    expect(rows.map((row) => [row.row, row.id, row.features])).toEqual([
      [1, undefined, { x: 1 }],
      [4, "5", { x: 2 }],
    ]);
  });

  it("names the line and column of malformed JSON", () => {
    const body = `${JSON.stringify({ features: {}, prediction: 1 })}\n\n{"features": {}, "prediction": 1,}`;
    const error = predictionError(body, "ndjson");
    expect(error.message).toBe("line 3, column 34: malformed JSON: Expected double-quoted property name");
    expect(error.details).toEqual({ row: 3 });
  });

  it("says NaN is not allowed on its line", () => {
    const error = predictionError(`{"features": {"x": NaN}, "prediction": 1}`, "ndjson");
    expect(error.message).toBe("line 1, column 20: malformed JSON: NaN is not allowed: send null for a missing value");
  });

  it("names the line of a value error and both lines of a duplicate id", () => {
    const body = ndjson([
      { id: "a", features: {}, prediction: 1 },
      { id: "b", features: { x: { y: 1 } }, prediction: 1 },
    ]);
    expect(predictionError(body, "ndjson").message).toMatch(/^line 2, features\.x: nested objects/);
    const duplicate = ndjson([
      { id: "a", features: {}, prediction: 1 },
      { features: {}, prediction: 1 },
      { id: "a", features: {}, prediction: 1 },
    ]);
    const error = predictionError(duplicate, "ndjson");
    expect(error.message).toBe('line 3, id: "a" is also the id of line 1');
    expect(error.details).toEqual({ row: 3, field: "id" });
  });

  it("refuses a line that is not an object", () => {
    const error = predictionError(`${JSON.stringify({ features: {}, prediction: 1 })}\n[1, 2]`, "ndjson");
    expect(error.message).toMatch(/^line 2: expected an object with id, ts, features/);
    expect(error.details).toEqual({ row: 2 });
  });

  it("refuses a JSON array sent as NDJSON", () => {
    const error = predictionError(json([{ features: {}, prediction: 1 }]), "ndjson");
    expect(error.message).toMatch(/^line 1: expected an object/);
  });

  it.each(["", "\n\n", " \r\n"])("refuses an empty batch %j", (body) => {
    expect(predictionError(body, "ndjson").message).toBe("the batch has no rows");
  });
});

describe("parsePredictions from CSV", () => {
  it("reads reserved, probability and feature columns, inferring each value's type", () => {
    const body = [
      "id,ts,age,city,member,note,prediction,score,proba_yes,proba_no,label",
      "a1,2024-05-01T12:00:00Z,42,Lyon,true,,yes,0.8,0.8,0.2,yes",
      'a2,1714564800000,-3.5e2,"Saint-Étienne, FR",FALSE,"two\nlines",0,,,0.9,',
      ",,007,42x,True,1.,1,1e3,,,no",
    ].join("\n");
    expect(parsePredictions(body, "csv")).toStrictEqual([
      {
        row: 1,
        id: "a1",
        ts: Date.UTC(2024, 4, 1, 12),
        features: { age: 42, city: "Lyon", member: true, note: null },
        prediction: "yes",
        score: 0.8,
        probabilities: { yes: 0.8, no: 0.2 },
        label: "yes",
      },
      {
        row: 2,
        id: "a2",
        ts: 1714564800000,
        features: { age: -350, city: "Saint-Étienne, FR", member: false, note: "two\nlines" },
        prediction: 0,
        score: null,
        probabilities: { no: 0.9 },
        label: null,
      },
      {
        row: 3,
        id: undefined,
        ts: undefined,
        features: { age: 7, city: "42x", member: true, note: 1 },
        prediction: 1,
        score: 1000,
        probabilities: {},
        label: "no",
      },
    ]);
  });

  it("leaves optional columns undefined when the header lacks them, and handles CRLF and a byte order mark", () => {
    const rows = parsePredictions("\ufeffx,prediction\r\n1,a\r\n\r\n2,b\r\n", "csv");
    const absent = { id: undefined, ts: undefined, score: undefined, probabilities: undefined, label: undefined };
    expect(rows).toStrictEqual([
      { row: 1, ...absent, features: { x: 1 }, prediction: "a" },
      { row: 2, ...absent, features: { x: 2 }, prediction: "b" },
    ]);
  });

  it("keeps ids as text", () => {
    expect(parsePredictions("id,prediction\n007,1\n1e3,1", "csv").map((row) => row.id)).toEqual(["007", "1e3"]);
  });

  it.each([
    ["NaN", "x"],
    ["nan", "x"],
    ["Infinity", "x"],
    ["-inf", "x"],
    ["1e999", "x"],
  ])("refuses %s in a feature, naming data row and line", (text, field) => {
    const error = predictionError(`x,prediction\n1,a\n\n${text},b`, "csv");
    expect(error.message).toBe(`row 2 (line 4), ${field}: ${text} is not allowed: send null for a missing value`);
    expect(error.details).toEqual({ row: 2, field });
  });

  it.each([
    ["prediction", "x,prediction\n1,-Infinity", "-Infinity is not allowed: send null for a missing value"],
    ["label", "x,prediction,label\n1,1,NaN", "NaN is not allowed: send null for a missing value"],
    ["score", "x,prediction,score\n1,1,Infinity", "Infinity is not allowed: send null for a missing value"],
    ["score", "x,prediction,score\n1,1,1e999", "1e999 is not allowed: send null for a missing value"],
    ["score", "x,prediction,score\n1,1,high", 'expected a number, got the string "high"'],
    ["score", "x,prediction,score\n1,1,0x10", 'expected a number, got the string "0x10"'],
    ["proba_yes", "x,prediction,proba_yes\n1,1,1.5", "1.5 is not a probability: expected 0 to 1"],
    ["proba_yes", "x,prediction,proba_yes\n1,1,NaN", "NaN is not allowed: send null for a missing value"],
    [
      "ts",
      "x,prediction,ts\n1,1,yesterday",
      'expected epoch milliseconds or ISO 8601 (2024-05-01T12:00:00Z), got the string "yesterday"',
    ],
    ["ts", "x,prediction,ts\n1,1,2024-02-30", '"2024-02-30" is not a valid date and time'],
    [
      "ts",
      "x,prediction,ts\n1,1,-5",
      "-5 is out of range: send a time from 1970 to 9999 (epoch ms 0 to 253402300799999)",
    ],
    ["ts", "x,prediction,ts\n1,1,inf", "inf is not allowed: send null for a missing value"],
    ["prediction", "x,prediction\n1,", "missing: every row needs a prediction"],
  ])("refuses a bad %s", (field, body, problem) => {
    const error = predictionError(body, "csv");
    expect(error.message).toBe(`row 1 (line 2), ${field}: ${problem}`);
    expect(error.details).toEqual({ row: 1, field });
  });

  it("counts lines inside quoted fields when naming a row", () => {
    const error = predictionError('x,prediction\n"a\nb",1\n"c",NaN', "csv");
    expect(error.message).toBe("row 2 (line 4), prediction: NaN is not allowed: send null for a missing value");
  });

  it("names both rows of a duplicate id", () => {
    const error = predictionError("id,prediction\na,1\nb,1\na,1", "csv");
    expect(error.message).toBe('row 3 (line 4), id: "a" is also the id of row 1 (line 2)');
    expect(error.details).toEqual({ row: 3, field: "id" });
  });

  it.each([
    ["x,score\n1,0.5", "prediction", "missing column: every row needs a prediction"],
    ["bad-name,prediction\n1,1", "bad-name", "letters, digits or underscores"],
    ["Label,prediction\n1,1", "Label", "reserved column name"],
    ["x,prediction,x\n1,1,1", "x", "the column appears twice"],
    ["x,prediction,prediction\n1,1,1", "prediction", "the column appears twice"],
    ["Age,age,prediction\n1,1,1", "age", "collides with Age: column names are case-insensitive"],
    ["proba_a b,prediction\n1,1", "proba_a b", "a class name must be"],
    ["proba_,prediction\n1,1", "proba_", "a class name must be"],
  ])("refuses the header of %j", (body, field, problem) => {
    const error = predictionError(body, "csv");
    expect(error.message).toMatch(/^the header \(line 1\), /);
    expect(error.message).toContain(`, ${field}: `);
    expect(error.message).toContain(problem);
    expect(error.details).toEqual({ field });
  });

  it("names the data row and line of malformed CSV", () => {
    const ragged = predictionError("x,prediction\n1,1\n\n2", "csv");
    expect(ragged.message).toBe("row 2 (line 4): malformed CSV: Invalid Record Length: expect 2, got 1");
    expect(ragged.details).toEqual({ row: 2 });
    const unclosed = predictionError('x,prediction\n1,1\n"2,1\n', "csv");
    expect(unclosed.message).toMatch(/^row 2 \(line 3\): malformed CSV: Quote Not Closed/);
    const badQuote = predictionError('x,prediction\n"1"x,1\n', "csv");
    expect(badQuote.message).toMatch(/^row 1 \(line 2\): malformed CSV: Invalid Closing Quote/);
  });

  it("counts the feature and probability columns against the limit", () => {
    const header = "id,prediction,a,b,proba_yes";
    expect(parsePredictions(`${header}\n1,1,1,1,0.5`, "csv", { maxColumns: 3 })).toHaveLength(1);
    const error = batchError(() => parsePredictions(`${header}\n1,1,1,1,0.5`, "csv", { maxColumns: 2 }));
    expect(error.message).toBe("the header (line 1): the batch has 3 feature and probability columns; the limit is 2");
  });

  it.each(["", "\n", "x,prediction\n", "x,prediction\n\n\n"])("refuses an empty batch %j", (body) => {
    expect(predictionError(body, "csv").message).toBe("the batch has no rows");
  });
});

describe("parseLabels", () => {
  it("reads JSON, NDJSON and CSV", () => {
    const expected = [
      { row: 1, id: "a", label: "yes" },
      { row: 2, id: "7", label: 1 },
      { row: 3, id: "c", label: null },
    ];
    const records = [
      { id: "a", label: "yes" },
      { id: 7, label: 1 },
      { label: null, id: "c" },
    ];
    expect(parseLabels(json(records), "json")).toStrictEqual(expected);
    expect(parseLabels(ndjson(records), "ndjson")).toStrictEqual(expected);
    expect(parseLabels("label,id\nyes,a\n1,7\n,c\n", "csv")).toStrictEqual(expected);
  });

  it.each([
    [{ id: "a", label: 1, score: 1 }, "score", "unknown field: a label has id and label"],
    [{ label: 1 }, "id", "missing: a label needs its prediction's id"],
    [{ id: null, label: 1 }, "id", "missing"],
    [{ id: "a" }, "label", "missing: send the label, or null for none"],
    [{ id: "", label: 1 }, "id", "empty"],
    [{ id: "a", label: { class: 1 } }, "label", "nested objects and arrays are not allowed"],
    [{ id: "a", label: "NaN" }, undefined, undefined],
  ])("checks %j", (record, field, problem) => {
    const body = json([{ id: "z", label: 0 }, record]);
    if (field === undefined) {
      expect(parseLabels(body, "json")[1]!.label).toBe("NaN"); // JSON strings stay strings outside numeric fields
      return;
    }
    const error = batchError(() => parseLabels(body, "json"));
    expect(error.message).toMatch(new RegExp(`^row 2, ${field}: `));
    expect(error.message).toContain(problem);
    expect(error.details).toEqual({ row: 2, field });
  });

  it("names both rows of a duplicate id", () => {
    const error = batchError(() =>
      parseLabels(
        ndjson([
          { id: "a", label: 1 },
          { id: "a", label: 0 },
        ]),
        "ndjson",
      ),
    );
    expect(error.message).toBe('line 2, id: "a" is also the id of line 1');
  });

  it("refuses a record that is not an object and malformed JSON", () => {
    const notObject = batchError(() => parseLabels("[1]", "json"));
    expect(notObject.message).toBe("row 1: expected an object with id and label, got 1");
    const malformed = batchError(() => parseLabels('[{"id": "a", "label": 1}, {"id": "b", "label": NaN}]', "json"));
    expect(malformed.message).toMatch(/^row 2: malformed JSON at position \d+ .*: NaN is not allowed/);
  });

  it.each([
    [
      "id,label,score\na,1,1",
      "the header (line 1), score: unknown column: a labels CSV has columns id and label",
      { field: "score" },
    ],
    ["id\na", "the header (line 1), label: missing column: a labels CSV has columns id and label", { field: "label" }],
    ["label\n1", "the header (line 1), id: missing column: a labels CSV has columns id and label", { field: "id" }],
    ["id,label,id\na,1,b", "the header (line 1): the columns id and label must appear once each", {}],
    ["id,label\na,1\n,0", "row 2 (line 3), id: missing: a label needs its prediction's id", { row: 2, field: "id" }],
    [
      "id,label\na,-inf",
      "row 1 (line 2), label: -inf is not allowed: send null for a missing value",
      { row: 1, field: "label" },
    ],
  ])("refuses the CSV %j", (body, message, details) => {
    const error = batchError(() => parseLabels(body, "csv"));
    expect(error.message).toBe(message);
    expect(error.details).toEqual(details);
  });

  it.each([
    ["[]", "json"],
    ["\n", "ndjson"],
    ["id,label\n", "csv"],
  ] as const)("refuses an empty batch %j", (body, format) => {
    expect(batchError(() => parseLabels(body, format)).message).toBe("the batch has no rows");
  });
});

describe("text values", () => {
  const big = "x".repeat(MAX_TEXT_BYTES + 1);

  it.each([
    ["a feature", withRow({ features: { note: "ok\ud800" }, prediction: 0 }), "features.note"],
    ["a prediction", withRow({ features: {}, prediction: "\udc00" }), "prediction"],
    ["a label", withRow({ features: {}, prediction: 0, label: "a\udfff" }), "label"],
    ["an id", withRow({ id: "\ud83d", features: {}, prediction: 0 }), "id"],
  ])("refuses a lone surrogate in %s, naming row and field", (_what, body, field) => {
    const error = predictionError(body);
    expect(error.message).toMatch(
      new RegExp(`^row 2, ${field.replace(".", "\\.")}: character \\d+ is a lone surrogate \\(\\\\u[0-9a-f]{4}\\)`),
    );
    expect(error.details).toEqual({ row: 2, field });
  });

  it("keeps a surrogate pair (an emoji) and reads the escape of one", () => {
    const [row] = parsePredictions('[{"features": {"mood": "\\ud83d\\ude00 ok"}, "prediction": "😀"}]', "json");
    expect(row!.features.mood).toBe("😀 ok");
    expect(row!.prediction).toBe("😀");
  });

  it("refuses a lone surrogate in a label and in NDJSON", () => {
    const label = batchError(() => parseLabels(json([{ id: "a", label: "\ud800" }]), "json"));
    expect(label.details).toEqual({ row: 1, field: "label" });
    const line = predictionError(
      ndjson([
        { features: {}, prediction: 0 },
        { features: { s: "\udbff" }, prediction: 0 },
      ]),
      "ndjson",
    );
    expect(line.message).toMatch(/^line 2, features\.s: character 1 is a lone surrogate \(\\udbff\)/);
  });

  it.each([
    [
      "JSON",
      () => parsePredictions(withRow({ features: { blob: big }, prediction: 0 }), "json"),
      "row 2, features.blob",
      { row: 2, field: "features.blob" },
    ],
    [
      "a JSON id",
      () => parsePredictions(withRow({ id: big, features: {}, prediction: 0 }), "json"),
      "row 2, id",
      { row: 2, field: "id" },
    ],
    [
      "CSV",
      () => parsePredictions(`blob,prediction\nsmall,1\n${big},0\n`, "csv"),
      "row 2 (line 3), blob",
      { row: 2, field: "blob" },
    ],
    ["a label", () => parseLabels(json([{ id: "a", label: big }]), "json"), "row 1, label", { row: 1, field: "label" }],
  ])("refuses a text value over 1 MiB in %s, naming row and field", (_what, parse, where, details) => {
    const error = batchError(parse);
    expect(error.message).toBe(
      `${where}: 1,048,577 bytes of text is over the limit of 1,048,576 bytes (1 MiB) per value`,
    );
    expect(error.details).toEqual(details);
  });

  it("counts the limit in UTF-8 bytes, not characters", () => {
    const fits = "é".repeat(MAX_TEXT_BYTES / 2); // 2 bytes each: exactly the limit
    expect(parsePredictions(withRow({ features: { s: fits }, prediction: 0 }), "json")[1]!.features.s).toBe(fits);
    const over = predictionError(withRow({ features: { s: `${fits}é` }, prediction: 0 }));
    expect(over.message).toContain("1,048,578 bytes of text is over the limit");
  });
});
