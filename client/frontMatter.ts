/**
 * Editing one field of a workbook's YAML front matter while every other byte stays as written:
 * comments, key order, quoting and spacing. The `yaml` package's Document API finds the field
 * (each node knows its source range, https://eemeli.org/yaml/#nodes), and only that range is
 * rewritten: re-stringifying the whole document would reformat flow maps and comments, and a
 * git diff would show lines nobody touched. A workbook without front matter gains one only
 * when a field is set. Pure: text in, text out.
 */
import {
  isCollection,
  isMap,
  isScalar,
  parseDocument,
  Scalar,
  stringify,
  type Document,
  type Pair,
  type YAMLMap,
} from "yaml";

/** A field of the front matter: its keys from the top, e.g. ["schedule", "cron"] or ["params", "window"]. */
export type FieldPath = readonly string[];

/** Values as one line of YAML: flow collections, never block scalars (`|`), no folding. */
const INLINE = { lineWidth: 0, blockQuote: false, collectionStyle: "flow", flowCollectionPadding: false } as const;

/** The front matter split into its delimiter lines and the YAML between them. */
interface Parts {
  opening: string;
  yaml: string;
  closing: string;
  eol: string;
}

/** The opening line, the YAML, and the closing line, which is the last line of the front matter. */
const FRONT_MATTER = /^(\uFEFF?---[ \t]*(\r\n|\r|\n))([\s\S]*?)((?<=[\r\n])(?:---|\.\.\.)[ \t]*(?:\r\n|\r|\n)?)$/;

/** The front matter's YAML mapping as data: {} without front matter; throws on YAML that cannot be edited. */
export function frontMatterData(frontMatter: string): Record<string, unknown> {
  if (frontMatter === "") return {};
  const doc = parsed(split(frontMatter).yaml);
  return (doc.toJS() ?? {}) as Record<string, unknown>;
}

/**
 * `frontMatter` (delimiters included, "" for none) with the field at `path` set to `value`,
 * or removed when `value` is undefined; nothing else changes. A missing field is added at the
 * end of its mapping (with the mappings on the way to it); a string `value` keeps the quotes
 * the old one had. Pass a yaml `Scalar` to choose the quoting of a new value. Throws, saying
 * what to fix, when the YAML does not parse or a key on the path holds something other than a
 * mapping.
 */
export function setField(frontMatter: string, path: FieldPath, value: unknown): string {
  if (frontMatter === "") {
    if (value === undefined) return "";
    return `---\n${block(path, value, "", "\n")}---\n`;
  }
  const { opening, yaml, closing, eol } = split(frontMatter);
  const doc = parsed(yaml);
  const edited = editYaml(yaml, doc, path, value, eol);
  return opening + edited + closing;
}

function split(frontMatter: string): Parts {
  const match = FRONT_MATTER.exec(frontMatter);
  if (!match) throw new Error("the front matter must start and end with a `---` line");
  return { opening: match[1], eol: match[2], yaml: match[3], closing: match[4] };
}

function parsed(yaml: string): Document {
  const doc = parseDocument(yaml, { prettyErrors: false });
  const [error] = doc.errors;
  if (error) throw new Error(`the front matter is not valid YAML (${error.message}): fix it in the file first`);
  if (doc.contents !== null && !isMap(doc.contents))
    throw new Error("the front matter must be a mapping of `key: value` lines: fix it in the file first");
  return doc;
}

function editYaml(yaml: string, doc: Document, path: FieldPath, value: unknown, eol: string): string {
  let map = doc.contents as YAMLMap | null;
  for (let depth = 0; depth < path.length; depth++) {
    const pair = map && pairOf(map, path[depth]);
    if (!map || !pair) {
      // The field is missing from here on: nothing to remove, or add it to the deepest mapping there is.
      if (value === undefined) return yaml;
      return map ? addTo(yaml, map, path.slice(depth), value, eol) : yaml + block(path, value, "", eol);
    }
    if (depth === path.length - 1)
      return value === undefined ? removePair(yaml, map, pair) : replaceValue(yaml, pair, value, eol);
    if (!isMap(pair.value)) {
      if (value === undefined) return yaml;
      throw new Error(`${path.slice(0, depth + 1).join(".")} is not a mapping: edit it in the file`);
    }
    map = pair.value;
  }
  return yaml;
}

function pairOf(map: YAMLMap, key: string): Pair | undefined {
  return map.items.find((pair) => isScalar(pair.key) && String(pair.key.value) === key);
}

/** Rewrites the pair's value in place; an empty value (`key:`) gets one after its colon. */
function replaceValue(yaml: string, pair: Pair, value: unknown, eol: string): string {
  const old = pair.value;
  const range = isNode(old) && old.range && old.range[0] < old.range[1] ? old.range : undefined;
  if (range && (isScalar(old) || (isCollection(old) && old.flow)))
    return yaml.slice(0, range[0]) + inline(value, isScalar(old) ? old : undefined) + yaml.slice(range[1]);
  const colon = yaml.indexOf(":", (pair.key as Scalar).range![1]) + 1;
  // A block collection becomes a one-line value: its lines go.
  if (range) return yaml.slice(0, colon) + " " + inline(value) + eol + yaml.slice(lineEnd(yaml, range[1]));
  return yaml.slice(0, colon) + " " + inline(value) + yaml.slice(colon);
}

/** Removes a pair: its whole line(s) in a block mapping, the pair and one comma in a flow mapping. */
function removePair(yaml: string, map: YAMLMap, pair: Pair): string {
  const start = (pair.key as Scalar).range![0];
  const end = isNode(pair.value) && pair.value.range ? pair.value.range[1] : (pair.key as Scalar).range![1];
  if (map.flow) {
    const after = /^\s*,\s*/.exec(yaml.slice(end));
    if (after) return yaml.slice(0, start) + yaml.slice(end + after[0].length);
    const before = /,\s*$/.exec(yaml.slice(0, start));
    return yaml.slice(0, before ? before.index : start) + yaml.slice(end);
  }
  return yaml.slice(0, lineStart(yaml, start)) + yaml.slice(lineEnd(yaml, end));
}

/** Adds `path` (whose first key `map` lacks) at the end of `map`. */
function addTo(yaml: string, map: YAMLMap, path: FieldPath, value: unknown, eol: string): string {
  const last = map.items[map.items.length - 1];
  if (map.flow) {
    const entry = `${inline(path[0])}: ${inline(nested(path.slice(1), value))}`;
    if (!last) {
      const open = yaml.indexOf("{", map.range![0]) + 1;
      return yaml.slice(0, open) + entry + yaml.slice(open);
    }
    const end = endOf(last);
    return yaml.slice(0, end) + ", " + entry + yaml.slice(end);
  }
  const firstKey = (map.items[0].key as Scalar).range![0];
  const indent = " ".repeat(firstKey - lineStart(yaml, firstKey));
  // Every line of the YAML ends with a line end: the closing `---` line follows.
  const at = lineEnd(yaml, endOf(last));
  return yaml.slice(0, at) + block(path, value, indent, eol) + yaml.slice(at);
}

/** The end offset of a pair's value (or its key, for `key:` with no value). */
function endOf(pair: Pair): number {
  return isNode(pair.value) && pair.value.range && pair.value.range[1] > 0
    ? pair.value.range[1]
    : (pair.key as Scalar).range![1];
}

/** `path: value` as block YAML lines at `indent`, e.g. `params:\n  window: 24h\n`. */
function block(path: FieldPath, value: unknown, indent: string, eol: string): string {
  const [key, ...rest] = path;
  if (rest.length === 0) return `${indent}${inline(key)}: ${inline(value)}${eol}`;
  return `${indent}${inline(key)}:${eol}${block(rest, value, `${indent}  `, eol)}`;
}

/** `{a: {b: value}}` for the path [a, b]. */
function nested(path: FieldPath, value: unknown): unknown {
  return path.reduceRight<unknown>((inner, key) => ({ [key]: inner }), value);
}

/** One line of YAML for `value`; a string replacing a quoted one keeps its quotes. */
function inline(value: unknown, old?: Scalar): string {
  let node = value;
  if (
    typeof value === "string" &&
    (old?.type === "QUOTE_DOUBLE" || old?.type === "QUOTE_SINGLE" || value.includes("\n"))
  ) {
    const scalar = new Scalar(value);
    scalar.type = value.includes("\n") ? "QUOTE_DOUBLE" : old!.type;
    node = scalar;
  }
  return stringify(node, INLINE).replace(/\r?\n$/, "");
}

function isNode(value: unknown): value is { range?: [number, number, number] } {
  return typeof value === "object" && value !== null && "range" in value;
}

function lineStart(text: string, offset: number): number {
  return Math.max(text.lastIndexOf("\n", offset - 1), text.lastIndexOf("\r", offset - 1)) + 1;
}

/** The offset after the line end of the line holding `offset - 1` (the end of the text when it has none). */
function lineEnd(text: string, offset: number): number {
  if (offset > 0 && /[\r\n]/.test(text[offset - 1]))
    return offset + (text[offset - 1] === "\r" && text[offset] === "\n" ? 1 : 0);
  const match = /\r\n|\r|\n/.exec(text.slice(offset));
  return match ? offset + match.index + match[0].length : text.length;
}
