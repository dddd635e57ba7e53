/**
 * The server-side DOM that cells draw into: one linkedom document per worker, shared by
 * `Plot` and `html`. Only the few node members Driftbook uses are typed here, so neither the
 * server nor the worker needs the browser's DOM typings.
 */
import { parseHTML } from "linkedom";

export const ELEMENT_NODE = 1;
export const TEXT_NODE = 3;
export const DOCUMENT_FRAGMENT_NODE = 11;

export const SVG_NAMESPACE = "http://www.w3.org/2000/svg";

/** A linkedom node (element, text, comment or fragment), typed structurally. */
export interface DomNode {
  nodeType: number;
  localName: string;
  namespaceURI?: string;
  textContent: string | null;
  childNodes: ArrayLike<DomNode>;
  attributes?: ArrayLike<{ name: string; value: string }>;
  outerHTML?: string;
  cloneNode(deep: boolean): DomNode;
  removeAttribute(name: string): void;
  remove(): void;
  toString(): string;
}

interface ServerDocument {
  createElement(tagName: string): DomNode & { innerHTML: string };
  createDocumentFragment(): DomNode & { append(...nodes: DomNode[]): void };
}

export const serverDocument: ServerDocument = parseHTML(
  "<!doctype html><html><head></head><body></body></html>",
).document;

/** True for linkedom nodes: what Plot returns and what `html` builds. */
export function isDomNode(value: unknown): value is DomNode {
  if (typeof value !== "object" || value === null) return false;
  const node = value as Partial<DomNode>;
  return typeof node.nodeType === "number" && typeof node.cloneNode === "function";
}

/** The node as markup; a fragment is the concatenation of its children. */
export function markupOf(node: DomNode): string {
  if (node.nodeType === DOCUMENT_FRAGMENT_NODE) {
    return Array.from(node.childNodes, markupOf).join("");
  }
  return node.toString();
}

/** Parses markup into the server document: one node when there is one, else a fragment. */
export function parseMarkup(markup: string): DomNode {
  const container = serverDocument.createElement("div");
  container.innerHTML = markup;
  const nodes = Array.from(container.childNodes);
  if (nodes.length === 1) {
    nodes[0].remove();
    return nodes[0];
  }
  const fragment = serverDocument.createDocumentFragment();
  fragment.append(...nodes);
  return fragment;
}
