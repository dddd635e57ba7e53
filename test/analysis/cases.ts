import type { CellNode } from "../../server/analysis/index.ts";

/** A cell's source and what parseCell must find in it. */
export interface ParseCase extends CellNode {
  name: string;
  source: string;
}

const program = { expression: false, async: false };
const expression = { expression: true, async: false, declarations: [] };

export const parseCases: ParseCase[] = [
  { name: "a literal expression", source: "1 + 2", ...expression, references: [] },
  { name: "an expression reading other cells", source: "a + b * a", ...expression, references: ["a", "b"] },
  { name: "a trailing comment after an expression", source: "x // shown\n", ...expression, references: ["x"] },
  {
    name: "an expression statement with a semicolon is a program",
    source: "x;",
    ...program,
    declarations: [],
    references: ["x"],
  },
  {
    name: "a leading brace opens a block, not an object",
    source: "{a: 1}",
    ...program,
    declarations: [],
    references: [],
  },
  { name: "an object in parentheses is an expression", source: "({a: b})", ...expression, references: ["b"] },
  { name: "parenthesized operands", source: "(a) + (b)", ...expression, references: ["a", "b"] },
  {
    name: "object keys are not references",
    source: "({key: value, [computed]: 1, short})",
    ...expression,
    references: ["value", "computed", "short"],
  },
  { name: "a member expression reads its object only", source: "a.b.c + d?.e", ...expression, references: ["a", "d"] },
  { name: "a computed member reads both", source: "a[b]", ...expression, references: ["a", "b"] },
  { name: "template literals", source: "`${greeting}, ${user.name}`", ...expression, references: ["greeting", "user"] },
  { name: "tagged templates", source: "html`<b>${x}</b>`", ...expression, references: ["html", "x"] },
  {
    name: "const, let and var declarations",
    source: "const a = 1;\nlet b = a + c;\nvar d;",
    ...program,
    declarations: ["a", "b", "d"],
    references: ["c"],
  },
  {
    name: "destructuring patterns",
    source: "const {a, b: {c}, d = e, ...f} = g;\nconst [h, , [i], j = k, ...l] = m;",
    ...program,
    declarations: ["a", "c", "d", "f", "h", "i", "j", "l"],
    references: ["e", "g", "k", "m"],
  },
  {
    name: "functions and classes are declared, their insides stay local",
    source:
      "function f(p, {q}) { const local = p + q + outer; return local }\nclass C extends Base { m() { return inner } }",
    ...program,
    declarations: ["f", "C"],
    references: ["outer", "Base", "inner"],
  },
  {
    name: "a named function is a declaration",
    source: "function f() { return 1 }",
    ...program,
    declarations: ["f"],
    references: [],
  },
  {
    name: "an anonymous function is an expression",
    source: "function () { return y }",
    ...expression,
    references: ["y"],
  },
  {
    name: "a named class is a declaration",
    source: "class Model {}",
    ...program,
    declarations: ["Model"],
    references: [],
  },
  {
    name: "arrow parameters are local",
    source: "rows.map((row, i) => row.value * i * scale)",
    ...expression,
    references: ["rows", "scale"],
  },
  {
    name: "names in blocks and loops stay local",
    source:
      "{ const hidden = 1; }\nfor (let i = 0; i < n; i++) { const step = i; }\nfor (const item of items) use(item);\nif (ok) { let inner = 2 }",
    ...program,
    declarations: [],
    references: ["n", "items", "use", "ok"],
  },
  {
    name: "a block-scoped name read outside its block is free",
    source: "{ const k = 1 }\nconst v = k;",
    ...program,
    declarations: ["v"],
    references: ["k"],
  },
  {
    name: "catch parameters are local",
    source: "try { risky() } catch (error) { report(error) }",
    ...program,
    declarations: [],
    references: ["risky", "report"],
  },
  {
    name: "labels are not references",
    source: "outer: for (const row of rows) { for (const x of row) { if (x) continue outer; } }",
    ...program,
    declarations: [],
    references: ["rows"],
  },
  {
    name: "shadowing: an inner declaration hides an outer name only inside",
    source: "const total = (values) => { const sum = values.length; return sum };\nconst shown = sum;",
    ...program,
    declarations: ["total", "shown"],
    references: ["sum"],
  },
  {
    name: "a cell's own declarations are not references",
    source: "const a = 1;\nconst b = a * 2;\nfunction c() { return b }",
    ...program,
    declarations: ["a", "b", "c"],
    references: [],
  },
  { name: "references keep first-seen order", source: "z(y, x, z, y)", ...expression, references: ["z", "y", "x"] },
  {
    name: "display is a reference like any other",
    source: "display(table)",
    ...expression,
    references: ["display", "table"],
  },
  {
    name: "top-level await in an expression",
    source: "await fetch(url)",
    ...expression,
    async: true,
    references: ["fetch", "url"],
  },
  {
    name: "top-level await in a program",
    source: "const rows = await sql`select 1`;",
    ...program,
    async: true,
    declarations: ["rows"],
    references: ["sql"],
  },
  {
    name: "for await at the top level",
    source: "for await (const batch of stream) log(batch);",
    ...program,
    async: true,
    declarations: [],
    references: ["stream", "log"],
  },
  {
    name: "await inside an async function is not top-level",
    source: "async function load() { return await get() }",
    ...program,
    declarations: ["load"],
    references: ["get"],
  },
  {
    name: "await inside an async arrow is not top-level",
    source: "async () => await get()",
    ...expression,
    references: ["get"],
  },
  { name: "an empty cell", source: "", ...program, declarations: [], references: [] },
];
