/**
 * Download buttons under a cell's outputs (issue 24, item 5), in the editor and in share views
 * whose link allows downloads. Charts: SVG (the server's sanitized markup) and PNG, drawn from
 * that SVG on a canvas at twice its size so it stays sharp on high-density screens. Tables: CSV
 * and "copy as TSV" of the whole table, which the server streams (the page holds only the first
 * rows). Drift reports: CSV (one row per feature) and JSON, from the server too, so share links
 * check the author's permission in one place (server/http/routes/exports.ts).
 */
import "./downloads.css";
import type { Output, SvgOutput } from "../../server/protocol/index.ts";
import { button, el } from "../dom.ts";
import { renderOutput } from "./index.ts";

/** Where a cell's downloads come from; see exportUrl. */
export interface ExportSource {
  /** The cell's export route without the format: `/api/v1/workbooks/<path>/cells/<i>/export` or `/s/<token>/cells/<i>/export`. */
  base: string;
  /** The file name, without extension, of downloads made in the browser (charts). */
  name: string;
}

type ServerFormat = "csv" | "tsv" | "json";

/** PNGs are drawn at this multiple of the chart's size. */
const PNG_SCALE = 2;
const FORMULA_NOTE = "Text starting with = + - @ gets a leading ' so spreadsheets show it instead of running it.";

/** Each output as index.ts renders it, followed by its download buttons when downloads are allowed (`source` given). */
export function renderWithDownloads(outputs: Output[], source: ExportSource | undefined): HTMLElement[] {
  return outputs.flatMap((output, index) => {
    const bar = source && downloadBar(output, index, source);
    return bar ? [renderOutput(output), bar] : [renderOutput(output)];
  });
}

/**
 * The export route of one output, carrying the page's params (`?region=eu`), so the download is
 * the table this viewer sees, read from the session of those params.
 */
function exportUrl(source: ExportSource, output: number, format: ServerFormat): string {
  const query = new URLSearchParams(location.search);
  query.set("output", String(output));
  return `${source.base}.${format}?${query}`;
}

/** The buttons for the `index`-th output of a cell, or undefined when it has nothing to download. */
function downloadBar(output: Output, index: number, source: ExportSource): HTMLElement | undefined {
  const bar = (...items: HTMLElement[]) => el("div", { class: "output-downloads" }, ...items);
  switch (output.kind) {
    case "svg": {
      const status = el("span", { class: "output-downloads-status", attrs: { role: "status" } });
      const png = () =>
        savePng(output, source.name).catch(
          (error: Error) => (status.textContent = `Could not draw the PNG: ${error.message}`),
        );
      return bar(
        button("SVG", () => saveBlob(new Blob([svgFile(output)], { type: "image/svg+xml" }), `${source.name}.svg`), {
          title: "Download the chart as SVG",
        }),
        button("PNG", () => void png(), { title: "Download the chart as PNG (2×)" }),
        status,
      );
    }
    case "table": {
      const status = el("span", { class: "output-downloads-status", attrs: { role: "status" } });
      return bar(
        link("CSV", exportUrl(source, index, "csv"), `Download all ${output.totalRows} rows as CSV. ${FORMULA_NOTE}`),
        button("Copy TSV", () => void copyTable(exportUrl(source, index, "tsv"), status), {
          title: `Copy all ${output.totalRows} rows as tab-separated text, to paste into a spreadsheet. ${FORMULA_NOTE}`,
        }),
        status,
      );
    }
    case "drift":
      return bar(
        link(
          "CSV",
          exportUrl(source, index, "csv"),
          `Download the report as CSV, one row per feature. ${FORMULA_NOTE}`,
        ),
        link("JSON", exportUrl(source, index, "json"), "Download the report as JSON"),
      );
    case "html":
    case "quality":
    case "alert":
    case "json":
    case "error":
      return undefined;
    default: {
      const unknown: never = output;
      throw new Error(`unknown output kind ${JSON.stringify((unknown as { kind?: unknown }).kind)}`);
    }
  }
}

/** A link the browser downloads: the server names the file (Content-Disposition). */
function link(text: string, href: string, title: string): HTMLAnchorElement {
  return el("a", { class: "button", text, title, attrs: { href, download: "" } });
}

/** Fetches the whole table as TSV and puts it on the clipboard, saying how it went. */
async function copyTable(url: string, status: HTMLElement): Promise<void> {
  status.textContent = "Copying…";
  try {
    const response = await fetch(url, { credentials: "same-origin" });
    if (!response.ok)
      throw new Error(((await response.json().catch(() => ({}))) as { error?: string }).error ?? response.statusText);
    await navigator.clipboard.writeText(await response.text());
    status.textContent = "Copied";
  } catch (error) {
    status.textContent = `Could not copy: ${(error as Error).message}`;
  }
}

/** The chart as a standalone file: with the namespace that inline SVG in HTML may omit. */
function svgFile(output: SvgOutput): string {
  return /^<svg[^>]*\sxmlns=/.test(output.svg)
    ? output.svg
    : output.svg.replace(/^<svg/, '<svg xmlns="http://www.w3.org/2000/svg"');
}

/**
 * Draws the chart on a white canvas at PNG_SCALE× its width and height, then saves it. The image
 * loads from a data: URL, which the pages' Content-Security-Policy allows for images (blob: it does not).
 */
async function savePng(output: SvgOutput, name: string): Promise<void> {
  const image = new Image();
  image.src = `data:image/svg+xml;charset=utf-8,${encodeURIComponent(svgFile(output))}`;
  await image.decode();
  const { width, height } = chartSize(output.svg, image);
  const canvas = el("canvas", { attrs: { width: String(width * PNG_SCALE), height: String(height * PNG_SCALE) } });
  const context = canvas.getContext("2d")!;
  context.fillStyle = "#fff";
  context.fillRect(0, 0, canvas.width, canvas.height);
  context.drawImage(image, 0, 0, canvas.width, canvas.height);
  const png = await new Promise<Blob | null>((resolve) => canvas.toBlob(resolve, "image/png"));
  if (!png) throw new Error("the browser made no image");
  saveBlob(png, `${name}.png`);
}

/** The chart's size in CSS pixels: its width and height attributes (Plot sets both), else the image's own. */
function chartSize(svg: string, image: HTMLImageElement): { width: number; height: number } {
  const root = /^<svg[^>]*>/.exec(svg)?.[0] ?? "";
  const attribute = (name: string) => Number(new RegExp(`\\s${name}="([\\d.]+)"`).exec(root)?.[1]);
  return {
    width: attribute("width") || image.naturalWidth || 640,
    height: attribute("height") || image.naturalHeight || 400,
  };
}

function saveBlob(blob: Blob, filename: string): void {
  const url = URL.createObjectURL(blob);
  const anchor = el("a", { attrs: { href: url, download: filename } });
  document.body.append(anchor);
  anchor.click();
  anchor.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
