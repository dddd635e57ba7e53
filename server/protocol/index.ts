export * from "./outputs.ts";
export * from "./cells.ts";
export * from "./messages.ts";
export * from "./alerts.ts";
export * from "./runs.ts";
export * from "./shares.ts";
export * from "./git.ts";
export * from "./outputText.ts";
