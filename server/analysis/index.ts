/** Static analysis and compilation of workbook cells: pure, no files and no runtime. */
export { parseCell, parseJavaScript, type ParsedJavaScript } from "./parse.ts";
export { CellSyntaxError } from "./cellSyntaxError.ts";
export { compileCell, contentId } from "./compile.ts";
export { analyseWorkbook } from "./graph.ts";
export type {
  AlertDisplay,
  AlertInstanceDisplay,
  AlertSettings,
  Budget,
  CellNode,
  CompiledCell,
  Hold,
  WorkbookAnalysis,
} from "./types.ts";
