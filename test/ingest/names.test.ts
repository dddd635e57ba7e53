import { describe, expect, it } from "vitest";
import { batchError } from "../helpers/batchError.ts";
import {
  classNameProblem,
  featureNameProblem,
  RESERVED_COLUMNS,
  validateModelName,
} from "../../server/ingest/names.ts";

describe("validateModelName", () => {
  it.each(["credit", "a", "credit_v2", "fraud2024", "a".repeat(63)])("accepts %s", (name) => {
    expect(() => validateModelName(name)).not.toThrow();
  });

  it.each([
    ["", "lowercase letters"],
    ["Credit", "lowercase letters"],
    ["1credit", "starting with a letter"],
    ["_credit", "starting with a letter"],
    ["credit-v2", "lowercase letters"],
    ["credit v2", "lowercase letters"],
    ["a".repeat(64), "1 to 63"],
    ["driftbook_runs", "driftbook_"],
    ["sqlite_master", "sqlite_"],
    ["credit_reference", "_reference"],
  ])("refuses %j, saying %s", (name, reason) => {
    const error = batchError(() => validateModelName(name));
    expect(error.message).toContain(`model name ${JSON.stringify(name)}`);
    expect(error.message).toContain(reason);
    expect(error.details).toEqual({ field: "model" });
  });
});

describe("featureNameProblem", () => {
  it.each(["age", "Age", "_x", "income_2024", "a".repeat(63), "identity", "labels", "probability"])(
    "accepts %s",
    (name) => {
      expect(featureNameProblem(name)).toBeUndefined();
    },
  );

  it.each([
    ["", "1 to 63 letters"],
    ["2x", "not starting with a digit"],
    ["a-b", "letters, digits or underscores"],
    ["a b", "letters, digits or underscores"],
    ["é", "letters, digits or underscores"],
    ["a".repeat(64), "1 to 63"],
    ["id", "reserved column name"],
    ["ID", "reserved column name"],
    ["ts", "reserved column name"],
    ["Prediction", "reserved column name"],
    ["score", "reserved column name"],
    ["LABEL", "reserved column name"],
    ["ingested_at", "reserved column name"],
    ["Label_Ingested_At", "reserved column name"],
    ["proba_yes", "reserved for class probabilities"],
    ["Proba_yes", "reserved for class probabilities"],
    ["__proto__", "not allowed"],
  ])("refuses %j, saying %s", (name, reason) => {
    expect(featureNameProblem(name)).toContain(reason);
  });

  it("exports the reserved columns", () => {
    expect(RESERVED_COLUMNS).toEqual(["id", "ts", "prediction", "score", "label", "ingested_at", "label_ingested_at"]);
  });
});

describe("classNameProblem", () => {
  it.each(["0", "1", "yes", "No_Fraud", "a".repeat(57)])("accepts class %s", (name) => {
    expect(classNameProblem(name)).toBeUndefined();
  });

  it.each(["", "a b", "a-b", "a".repeat(58)])("refuses class %j", (name) => {
    expect(classNameProblem(name)).toContain("proba_<class>");
  });
});
