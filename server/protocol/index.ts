export * from "./outputs.ts";
export * from "./cells.ts";
