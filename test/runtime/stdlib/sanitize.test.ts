import { describe, expect, it } from "vitest";
import { parseMarkup, serverDocument } from "../../../server/runtime/stdlib/dom.ts";
import { sanitizedMarkup } from "../../../server/runtime/stdlib/sanitize.ts";

const clean = (markup: string) => sanitizedMarkup(parseMarkup(markup));

describe("sanitizedMarkup", () => {
  it("removes scripts and event handlers and keeps the rest", () => {
    expect(clean(`<div class="a" onclick="steal()"><script>alert(1)</script><b OnMouseOver="x">ok</b></div>`)).toBe(
      '<div class="a"><b>ok</b></div>',
    );
  });

  it("removes elements that load or run other documents", () => {
    const markup = clean(
      `<div><iframe src="https://x"></iframe><object data="x"></object><embed src="x"><noscript>n</noscript>` +
        `<svg><foreignObject><div>x</div></foreignObject><animate attributeName="href" to="javascript:alert(1)"/></svg><!-- c --></div>`,
    );
    expect(markup).toBe("<div><svg /></div>");
  });

  it("removes javascript:, vbscript: and non-image data: URLs but keeps others", () => {
    const markup = clean(
      `<div><a href=" JaVa&#x09;Script:alert(1)">a</a><a href="vbscript:x">b</a><a xlink:href="javascript:x">c</a>` +
        `<form action="javascript:x"></form><img src="data:text/html,<script>x</script>">` +
        `<img src="data:image/png;base64,AAAA"><a href="https://example.com/?q=1">d</a></div>`,
    );
    expect(markup).toBe(
      `<div><a>a</a><a>b</a><a>c</a><form></form><img><img src="data:image/png;base64,AAAA"><a href="https://example.com/?q=1">d</a></div>`,
    );
  });

  it("removes raw-text elements whose text could be read as markup", () => {
    const style = serverDocument.createElement("style");
    style.textContent = "</style><img src=x onerror=alert(1)>";
    expect(sanitizedMarkup(style)).toBe("");
    expect(clean(`<div><math><style><img src=x onerror=alert(1)></style></math></div>`)).toBe("<div></div>");
    expect(clean(`<div><style>.a > b { color: red }</style></div>`)).toBe(
      "<div><style>.a > b { color: red }</style></div>",
    );
  });

  it("leaves the original node as it was", () => {
    const node = parseMarkup(`<p onclick="x">y</p>`);
    sanitizedMarkup(node);
    expect(node.toString()).toBe(`<p onclick="x">y</p>`);
  });
});
