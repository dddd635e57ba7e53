import { describe, expect, it } from "vitest";
import { modelNameProblem } from "../../server/protocol/modelNames.ts";

describe("modelNameProblem", () => {
  it("takes lowercase names of up to 63 characters that start with a letter", () => {
    for (const name of ["credit", "fraud_v2", "a", "m".repeat(63)])
      expect(modelNameProblem(name), name).toBeUndefined();
  });

  it("says why a name cannot be a model's", () => {
    for (const name of ["Credit", "2credit", "credit-v2", "", "m".repeat(64)]) {
      expect(modelNameProblem(name), name).toMatch(/^must be 1 to 63 lowercase letters/);
    }
    expect(modelNameProblem("driftbook_runs")).toMatch(/^may not start with driftbook_ or sqlite_/);
    expect(modelNameProblem("sqlite_stat1")).toMatch(/^may not start with driftbook_ or sqlite_/);
    expect(modelNameProblem("credit_reference")).toMatch(/^may not end with _reference/);
    expect(modelNameProblem("credit_reference_x")).toMatch(/^may not end with _reference/);
  });
});
