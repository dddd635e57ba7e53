export * from "./outputs.ts";
export * from "./cells.ts";
export * from "./messages.ts";
