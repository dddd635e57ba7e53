/**
 * The page's blocks against real files (parsed by the server's own parser, as the socket sends
 * them): a new version taken over the page, a draft brought back over the file, and undoing a
 * delete or a move, each giving back the file's exact bytes and mapping cells onto the file's;
 * naming cells: a new cell's suggested name, the check of a typed one, a rename in the fence only.
 */
import { describe, expect, it } from "vitest";
import {
  blocksFromDraft,
  blocksFromFile,
  blocksOfVersion,
  blockViews,
  insertCell,
  insertProse,
  moveCell,
  nameProblem,
  proseText,
  removeCell,
  renameCell,
  restoreOrder,
  suggestedName,
  textOf,
  type Block,
  type NotebookCell,
  withProseText,
} from "../../client/state.ts";
import { fileView } from "../../server/live/fileView.ts";
import { workbookFromText } from "../../server/workspace/workbookFile.ts";
import { versionOf } from "../../server/workspace/workspace.ts";
import { workbookText } from "../helpers/workbooks.ts";

const TEXT = "---\ntitle: T\n---\n# T\n\nProse.\n\n" + workbookText("const a = 1;", "a + 1", '"last"');
/** The last fence runs to the end of the file. */
const OPEN_END = "# T\n\n" + workbookText("const a = 1;", "a + 1") + '\n```js\n"last"\n';

const fileOf = (text: string) => fileView(workbookFromText("t.md", text), versionOf(text));
const cells = (blocks: Block[]) => blocks.filter((block): block is NotebookCell => block.type === "cell");

describe("blocksOfVersion", () => {
  it("keeps each cell's key when the new version has the same shape, and takes its text", () => {
    const blocks = blocksFromFile(fileOf(TEXT));
    const next = fileOf(TEXT.replace("a + 1", "a + 2"));
    const taken = blocksOfVersion(blocks, next);
    expect(cells(taken).map((cell) => cell.key)).toEqual(cells(blocks).map((cell) => cell.key));
    expect(cells(taken)[1].value).toBe("a + 2");
    expect(textOf(next.frontMatter, taken)).toBe(next.text);
  });

  it("starts afresh when the shape changed", () => {
    const blocks = blocksFromFile(fileOf(TEXT));
    const next = fileOf(TEXT.replace('```js\n"last"\n```\n', "```sql q\nselect 1\n```\n"));
    const taken = blocksOfVersion(blocks, next);
    expect(cells(taken).some((cell) => cells(blocks).some((old) => old.key === cell.key))).toBe(false);
    expect(textOf(next.frontMatter, taken)).toBe(next.text);
  });
});

describe("blocksFromDraft", () => {
  it("gives back the draft's text over the file, mapping the cells the file holds unchanged", () => {
    const file = fileOf(TEXT);
    const edited = blocksFromFile(file);
    cells(edited)[0].value = "const a = 5;";
    const draft = blockViews(removeCell(edited, cells(edited)[2].key));

    const restored = blocksFromDraft(draft, file);
    expect(textOf(file.frontMatter, restored)).toBe(
      TEXT.replace("const a = 1;", "const a = 5;").replace('\n```js\n"last"\n```\n', ""),
    );
    expect(cells(restored).map((cell) => cell.fileIndex)).toEqual([undefined, 1]);
  });

  it("maps nothing onto a file whose cells all changed since", () => {
    const draft = blockViews(blocksFromFile(fileOf(TEXT)));
    const file = fileOf(TEXT.replace("const a = 1;", "const b = 1;").replace("a + 1", "b").replace('"last"', "0"));
    const restored = blocksFromDraft(draft, file);
    expect(cells(restored).map((cell) => cell.fileIndex)).toEqual([undefined, undefined, undefined]);
    expect(textOf(file.frontMatter, restored)).toBe(TEXT);
  });
});

/** TEXT on a page, and the page after its second cell (which has run) is deleted. */
function deleteSecondCell() {
  const file = fileOf(TEXT);
  const before = blocksFromFile(file);
  const deleted = cells(before)[1];
  deleted.state = { index: 1, id: "x", kind: "js", status: "fulfilled", outputs: [], run: 1 };
  return { file, before, deleted, after: removeCell(before, deleted.key) };
}

describe("restoreOrder", () => {
  it("brings a deleted cell back where it was, keeping edits made since in the other cells", () => {
    const { file, before, deleted, after } = deleteSecondCell();
    cells(after)[0].value = "const a = 2;";

    const restored = restoreOrder(before, after, file);
    expect(textOf(file.frontMatter, restored)).toBe(TEXT.replace("const a = 1;", "const a = 2;"));
    // The shown file still holds the deleted cell: it maps back onto it, state and all.
    expect(cells(restored)[1]).toMatchObject({ key: deleted.key, fileIndex: 1, state: deleted.state });
  });

  it("leaves a cell deleted in a version saved since unmapped, without the state of its old version", () => {
    const { file, before, deleted, after } = deleteSecondCell();
    const saved = fileOf(textOf(file.frontMatter, after));

    const restored = restoreOrder(before, after, saved);
    expect(textOf(saved.frontMatter, restored)).toBe(TEXT);
    expect(cells(restored)[1]).toMatchObject({ key: deleted.key, fileIndex: undefined, state: undefined });
  });

  it("undoes a move of a last cell whose fence the file left open, to the same bytes", () => {
    const file = fileOf(OPEN_END);
    const before = blocksFromFile(file);
    const moved = moveCell(before, cells(before)[2].key, -1);
    expect(textOf("", moved)).toBe("# T\n\n" + workbookText("const a = 1;", '"last"', "a + 1"));
    expect(textOf("", restoreOrder(before, moved, file))).toBe(OPEN_END);
  });
});

describe("prose text", () => {
  it("edits a block's text without the blank lines around it, which stay as written", () => {
    const markdown = "\n# T\n\nProse.\n\n\n";
    expect(proseText(markdown)).toBe("# T\n\nProse.");
    expect(withProseText(markdown, "# T\n\nProse, edited.", true)).toBe("\n# T\n\nProse, edited.\n\n\n");
    expect(withProseText(markdown, proseText(markdown), true)).toBe(markdown);
    expect(withProseText("A\r\nB\r\n\r\n", "A\nB\nC", true)).toBe("A\r\nB\r\nC\r\n\r\n");
    expect(withProseText(markdown, "  ", true)).toBe("\n\n\n");
  });

  it("gives text typed into a blank block a blank line before the next block", () => {
    expect(withProseText("\n", "New.", true)).toBe("\nNew.\n\n");
    expect(withProseText("\n", "New.", false)).toBe("\nNew.\n");
  });

  it("adds text after a cell: a new block, or the prose already following it", () => {
    const file = fileOf(OPEN_END);
    const blocks = blocksFromFile(file);
    const last = cells(blocks)[2];
    const added = insertProse(blocks, last.key);
    expect(added.blocks.at(-1)).toBe(added.prose);
    added.prose.markdown = withProseText(added.prose.markdown, "After.", false);
    // The last fence, open in the file, is closed now that text follows it.
    expect(textOf("", added.blocks)).toBe(OPEN_END + "```\n\nAfter.\n");

    const first = cells(blocks)[0];
    const following = insertProse(blocks, first.key);
    expect(following.blocks).toBe(blocks);
    expect(following.prose).toBe(blocks[blocks.indexOf(first) + 1]);
    expect(insertProse([], undefined).prose.markdown).toBe("");
  });
});

const NAMED = "# T\n\n```sql query1\nselect 1\n```\n\n```alert alert-1 hidden\nwhen: false\n```\n";
const namedFile = fileView(workbookFromText("t.md", NAMED), versionOf(NAMED));

describe("cell names on the page", () => {
  it("suggests the first free name of a kind and checks a typed one against the kind's rules and the other cells", () => {
    const blocks = blocksFromFile(namedFile);
    expect(suggestedName(blocks, "sql")).toBe("query2");
    expect(suggestedName(blocks, "alert")).toBe("alert-2");
    expect(nameProblem(blocks, "sql", "recent")).toBeUndefined();
    expect(nameProblem(blocks, "sql", "query1")).toBe("Another sql cell is already named query1.");
    expect(nameProblem(blocks, "sql", "query1", "query1")).toBeUndefined(); // the cell being renamed keeps its own name
    expect(nameProblem(blocks, "sql", "my-query")).toContain("JavaScript identifier");
    expect(nameProblem(blocks, "alert", "my-rule")).toBeUndefined();
    expect(nameProblem(blocks, "alert", "")).toContain("needs a rule name");
  });

  it("renames a cell in its fence only and names a new cell as asked", () => {
    const blocks = blocksFromFile(namedFile);
    const rule = blocks.find((block): block is NotebookCell => block.type === "cell" && block.kind === "alert")!;
    const renamed = renameCell(blocks, rule.key, "too-many");
    expect(textOf("", renamed)).toBe(NAMED.replace("```alert alert-1 hidden", "```alert too-many hidden"));
    const added = insertCell(renamed, rule.key, "sql", "recent");
    expect(textOf("", added)).toBe(
      NAMED.replace("```alert alert-1 hidden", "```alert too-many hidden") +
        "\n```sql recent\nselect 1 as answer\n```\n",
    );
  });
});
