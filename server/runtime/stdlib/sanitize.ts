/** Strips anything executable from cell markup (Plot charts, `html` results) before it is sent; see below. */
import { DOCUMENT_FRAGMENT_NODE, ELEMENT_NODE, SVG_NAMESPACE, TEXT_NODE, markupOf, type DomNode } from "./dom.ts";

/**
 * Turns a server-side DOM node into markup a browser can show without running anything: the
 * node is copied (the cell's value is left alone) and the copy is walked, removing
 *
 * - elements that run code, load documents or reparse differently in a browser (script,
 *   iframe, object, embed, foreignObject, noscript, math, SVG animation, …);
 * - comments and any node that is neither element nor text;
 * - `on*` attributes, attributes with names that are not plain names, and URL attributes
 *   with a `javascript:`, `vbscript:` or non-image `data:` scheme;
 * - HTML `style`, `title` and `textarea` elements whose text holds `<`: linkedom writes their
 *   text unescaped, so a browser could read it as markup.
 *
 * Text elsewhere is escaped by linkedom's serializer.
 */
export function sanitizedMarkup(node: DomNode): string {
  const copy = node.cloneNode(true);
  const keep =
    copy.nodeType === ELEMENT_NODE
      ? keepElement(copy)
      : copy.nodeType === TEXT_NODE || copy.nodeType === DOCUMENT_FRAGMENT_NODE;
  if (!keep) return "";
  sanitizeTree(copy);
  return markupOf(copy);
}

const REMOVED_ELEMENTS = new Set([
  "script",
  "iframe",
  "frame",
  "frameset",
  "object",
  "embed",
  "applet",
  "base",
  "link",
  "meta",
  "noscript",
  "noembed",
  "noframes",
  "xmp",
  "plaintext",
  "template",
  "math",
  "foreignobject",
  "animate",
  "set",
  "handler",
  "listener",
]);

const RAW_TEXT_ELEMENTS = new Set(["style", "title", "textarea"]);

const URL_ATTRIBUTES = new Set(["href", "xlink:href", "src", "action", "formaction", "poster", "background"]);

const PLAIN_NAME = /^[a-z][a-z0-9_.:-]*$/i;

function sanitizeTree(node: DomNode): void {
  if (node.nodeType === ELEMENT_NODE) sanitizeAttributes(node);
  for (const child of Array.from(node.childNodes)) {
    if (child.nodeType === TEXT_NODE) continue;
    if (child.nodeType === ELEMENT_NODE && keepElement(child)) sanitizeTree(child);
    else child.remove();
  }
}

function keepElement(element: DomNode): boolean {
  const name = element.localName.toLowerCase();
  if (!PLAIN_NAME.test(name) || REMOVED_ELEMENTS.has(name)) return false;
  const rawText = RAW_TEXT_ELEMENTS.has(name) && element.namespaceURI !== SVG_NAMESPACE;
  return !(rawText && (element.textContent ?? "").includes("<"));
}

function sanitizeAttributes(element: DomNode): void {
  for (const { name, value } of Array.from(element.attributes ?? [])) {
    const lower = name.toLowerCase();
    const unsafe =
      !PLAIN_NAME.test(lower) || lower.startsWith("on") || (URL_ATTRIBUTES.has(lower) && isUnsafeUrl(value));
    if (unsafe) element.removeAttribute(name);
  }
}

/** Browsers ignore whitespace and control characters inside a scheme, so they are dropped before checking. */
function isUnsafeUrl(url: string): boolean {
  const compact = url.replace(/[\u0000-\u0020\u007f-\u009f]/g, "").toLowerCase();
  if (compact.startsWith("javascript:") || compact.startsWith("vbscript:")) return true;
  return compact.startsWith("data:") && !compact.startsWith("data:image/");
}
