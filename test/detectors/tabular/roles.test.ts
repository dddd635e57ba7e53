import { describe, expect, it } from "vitest";
import { columnRole } from "../../../detectors/tabular/roles.ts";

describe("columnRole", () => {
  it.each([
    ["id", "id"],
    ["ts", "timestamp"],
    ["prediction", "output"],
    ["score", "output"],
    ["proba_yes", "output"],
    ["proba_0", "output"],
    ["label", "label"],
    ["ingested_at", "record"],
    ["label_ingested_at", "record"],
    ["income", "feature"],
    ["probability", "feature"],
    ["ID", "feature"],
    ["label_source", "feature"],
  ])("%s is %s", (name, role) => {
    expect(columnRole(name)).toBe(role);
  });
});
