/**
 * A workbook file as the API (GET /api/v1/workbooks/<path>) and the `workbook` message show
 * it: its text and version, front matter, blocks in order (prose, and cells with their
 * fences), and problems.
 */
import type { LoadedWorkbook } from "../workspace/workbookFile.ts";
import type { BlockView, WorkbookFile } from "../protocol/index.ts";

export function fileView(workbook: LoadedWorkbook, version: string): WorkbookFile {
  let index = 0;
  const blocks: BlockView[] = workbook.doc.blocks.map((block) =>
    block.type === "prose"
      ? { type: "prose", markdown: block.markdown }
      : {
          type: "cell",
          index: index++,
          kind: block.kind,
          ...(block.name ? { name: block.name } : {}),
          options: block.options,
          opening: block.opening,
          source: block.source,
          closing: block.closing,
        },
  );
  return {
    path: workbook.path,
    version,
    text: workbook.text,
    frontMatter: workbook.doc.frontMatter?.raw ?? "",
    title: workbook.title,
    blocks,
    problems: workbook.analysis.problems,
  };
}
