import { describe, expect, it } from "vitest";
import { serializeValue } from "../../../server/runtime/serialize.ts";
import { markupOf } from "../../../server/runtime/stdlib/dom.ts";
import { html } from "../../../server/runtime/stdlib/html.ts";
import { serverPlot as Plot } from "../../../server/runtime/stdlib/plot.ts";

const XSS = "<img src=x onerror=alert(1)>";

describe("html", () => {
  it("escapes interpolated strings as text", () => {
    const node = html`<p title="${'"><b x="'}">${XSS}</p>`;
    expect(markupOf(node)).toBe('<p title="&quot;><b x=&quot;">&lt;img src=x onerror=alert(1)&gt;</p>');
  });

  it("joins arrays, skips nullish and false, and inserts html results as markup", () => {
    const items = ["a", "<b>"].map((item) => html`<li>${item}</li>`);
    const node = html`<ul>${items}${null}${undefined}${false}</ul>`;
    expect(markupOf(node)).toBe("<ul><li>a</li><li>&lt;b&gt;</li></ul>");
  });

  it("returns a fragment for several top-level nodes", () => {
    expect(markupOf(html`<b>${1}</b> and <i>${2}</i>`)).toBe("<b>1</b> and <i>2</i>");
  });

  it("embeds a Plot chart", () => {
    const chart = Plot.barY([{ x: "a", y: 1 }], { x: "x", y: "y" }).plot();
    const output = serializeValue(html`<div class="chart">${chart}</div>`);
    expect(output?.kind).toBe("html");
    expect((output as { html: string }).html).toMatch(/^<div class="chart"><svg[^>]*>.*<rect/s);
  });

  it("is shown as a sanitized html output", () => {
    const link = "javascript:alert(1)";
    const output = serializeValue(html`<a href=${link} onclick="go()">${XSS}</a>`);
    expect(output).toEqual({ kind: "html", html: "<a>&lt;img src=x onerror=alert(1)&gt;</a>" });
  });
});
