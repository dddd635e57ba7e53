/**
 * A cell output as DOM, one renderer per output kind (see `Output` in server/protocol/). The
 * editor's notebook and the share view both render outputs through here.
 */
import type { Output } from "../../server/protocol/index.ts";
import { renderAlert } from "./alert.ts";
import { renderDrift } from "./drift.ts";
import { renderError } from "./error.ts";
import { renderJson } from "./json.ts";
import { renderMarkup } from "./markup.ts";
import { renderQuality } from "./quality.ts";
import { renderTable } from "./table.ts";

/** One element per output, by kind; a new kind in the protocol fails the type check until it is handled here. */
export function renderOutput(output: Output): HTMLElement {
  switch (output.kind) {
    case "svg":
    case "html":
      return renderMarkup(output);
    case "table":
      return renderTable(output);
    case "drift":
      return renderDrift(output);
    case "quality":
      return renderQuality(output);
    case "alert":
      return renderAlert(output);
    case "json":
      return renderJson(output);
    case "error":
      return renderError(output);
    default: {
      const unknown: never = output;
      throw new Error(`unknown output kind ${JSON.stringify((unknown as { kind?: unknown }).kind)}`);
    }
  }
}
