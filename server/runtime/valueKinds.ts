/** Shape tests for values cells display, shared by serialization and the JSON copier. */

/** A table read through the structural slice of Arquero's API that serialization needs. */
export interface TableLike {
  numRows(): number;
  columnNames(): string[];
  getter?(name: string): (row: number) => unknown;
  get?(name: string, row: number): unknown;
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null;
}

export function isTableLike(value: unknown): value is TableLike {
  return (
    isRecord(value) &&
    typeof value.numRows === "function" &&
    typeof value.columnNames === "function" &&
    (typeof value.getter === "function" || typeof value.get === "function")
  );
}
