import { describe, expect, it } from "vitest";
import type { CellView, ParamControl, ServerMessage, WorkbookFile } from "../../server/protocol/index.ts";
import { SharedView } from "../../server/shares/view.ts";

const file: WorkbookFile = {
  path: "secret/plan.md",
  version: "v1",
  text: "---\ntitle: Plan\nowner: risk\n---\n# Plan\n```sql current\nselect * from credit\n```\n```js hidden\nconst key = 'sk-123';\n```\n```js\nfail()\n```\n",
  frontMatter: "---\ntitle: Plan\nowner: risk\n---\n",
  title: "Plan",
  blocks: [
    { type: "prose", markdown: "# Plan\n" },
    {
      type: "cell",
      index: 0,
      kind: "sql",
      name: "current",
      options: {},
      opening: "```sql current\n",
      source: "select * from credit\n",
      closing: "```\n",
    },
    {
      type: "cell",
      index: 1,
      kind: "js",
      options: { hidden: true },
      opening: "```js hidden\n",
      source: "const key = 'sk-123';\n",
      closing: "```\n",
    },
    { type: "cell", index: 2, kind: "js", options: {}, opening: "```js\n", source: "fail()\n", closing: "```\n" },
  ],
  problems: [],
};
const cells: CellView[] = [
  {
    index: 0,
    id: "a",
    kind: "sql",
    name: "current",
    status: "fulfilled",
    run: 1,
    outputs: [{ kind: "table", columns: [{ name: "x", type: "number" }], rows: [[1]], totalRows: 1 }],
  },
  { index: 1, id: "b", kind: "js", status: "fulfilled", run: 1, outputs: [{ kind: "json", value: "sk-123" }] },
  {
    index: 2,
    id: "c",
    kind: "js",
    status: "rejected",
    run: 1,
    outputs: [{ kind: "error", message: "fail is not defined: select * from credit", line: 12 }],
  },
];

const params: ParamControl[] = [
  {
    name: "region",
    input: "select",
    options: ["eu", "us"],
    default: "eu",
    value: "us",
    viewer: true,
    error: "options query: no such table: secret_regions",
  },
  { name: "secretWindow", input: "text", default: "24h", value: "24h", viewer: false },
];

describe("SharedView", () => {
  it("shares prose and visible outputs, never the file, sources, names, hidden cells or error details", () => {
    const view = new SharedView();
    const shared = view.translate({ type: "workbook", workbook: file, cells, params });
    expect(shared).toEqual({
      type: "workbook",
      title: "Plan",
      version: "v1",
      blocks: [
        { type: "prose", markdown: "# Plan\n" },
        { type: "cell", index: 0 },
        { type: "cell", index: 2 },
      ],
      cells: [
        { index: 0, status: "fulfilled", outputs: cells[0].outputs },
        { index: 2, status: "rejected", outputs: [{ kind: "error", message: "this cell failed" }] },
      ],
      params: [{ name: "region", input: "select", options: ["eu", "us"], default: "eu", value: "us", viewer: true }],
    });
    const wire = JSON.stringify(shared);
    for (const secret of [
      "select * from",
      "sk-123",
      "owner: risk",
      "secret/plan.md",
      "current",
      "fail()",
      "line",
      "secretWindow",
    ])
      expect(wire).not.toContain(secret);
  });

  it("drops updates of hidden cells, reduces failures, and ends on removal", () => {
    const view = new SharedView();
    view.translate({ type: "workbook", workbook: file, cells, params });
    const cell = (view: CellView): ServerMessage => ({ type: "cell", path: file.path, version: "v1", cell: view });
    expect(view.translate(cell({ ...cells[1], run: 2 }))).toBeUndefined();
    expect(
      view.translate(
        cell({
          ...cells[0],
          status: "timeout",
          outputs: [{ kind: "error", message: "The cell ran longer than 30 s" }],
        }),
      ),
    ).toEqual({
      type: "cell",
      version: "v1",
      cell: { index: 0, status: "timeout", outputs: [{ kind: "error", message: "this cell failed" }] },
    });
    expect(view.translate({ type: "error", message: "cannot open x" })).toBeUndefined();
    expect(view.translate({ type: "params", path: file.path, params })).toEqual({
      type: "params",
      params: [{ name: "region", input: "select", options: ["eu", "us"], default: "eu", value: "us", viewer: true }],
    });
    expect(view.translate({ type: "closed", path: file.path })).toEqual({ type: "closed" });
    expect(view.translate({ type: "removed", path: file.path })).toEqual({ type: "ended", reason: "removed" });
  });
});
