import { expect } from "vitest";
import { BatchError } from "../../server/ingest/types.ts";

/** The BatchError `run` throws; fails the test when it throws nothing or something else. */
export function batchError(run: () => unknown): BatchError {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(BatchError);
    return error as BatchError;
  }
  throw new Error("expected a BatchError");
}
