import { describe, expect, it } from "vitest";
import { CellRenameError, renameCell } from "../../server/workbook/cellRename.ts";

const TEXT =
  "---\ntitle: T\n---\n\n```sql current\nselect 1\n```\n\n~~~~alert  drift hidden\nwhen: true\n~~~~\n\n```alert other\nwhen: false\n```";

function refusal(run: () => unknown): CellRenameError {
  try {
    run();
  } catch (error) {
    if (error instanceof CellRenameError) return error;
    throw error;
  }
  return expect.fail("the rename was not refused");
}

describe("renameCell", () => {
  it("changes only the name in the cell's opening fence", () => {
    expect(renameCell(TEXT, "alert", "drift", "inputs-drifted")).toBe(
      TEXT.replace("~~~~alert  drift hidden", "~~~~alert  inputs-drifted hidden"),
    );
    expect(renameCell(TEXT, "sql", "current", "recent")).toBe(TEXT.replace("```sql current", "```sql recent"));
  });

  it("refuses a missing cell, an invalid or taken name, naming the field", () => {
    expect(refusal(() => renameCell(TEXT, "alert", "nope", "x"))).toMatchObject({ reason: "missing", field: "name" });
    expect(refusal(() => renameCell(TEXT, "alert", "drift", "has space"))).toMatchObject({
      reason: "invalid",
      field: "to",
    });
    expect(refusal(() => renameCell(TEXT, "sql", "current", "class"))).toMatchObject({ reason: "invalid" });
    expect(refusal(() => renameCell(TEXT, "alert", "drift", "other"))).toMatchObject({ reason: "taken", field: "to" });
    // A sql cell and an alert rule live in different namespaces.
    expect(renameCell(TEXT, "alert", "drift", "current")).toContain("~~~~alert  current hidden");
  });
});
