/** The workbook file: Markdown text ⇄ front matter, prose and cells. Pure: no fs. */
export { parseWorkbook } from "./parse.ts";
export { createCell, serializeWorkbook, type NewCell } from "./serialize.ts";
export { CELL_OPTIONS } from "./fences.ts";
export type * from "./types.ts";
