/** Inline stylesheets: pages that show outputs need no stylesheet request, and reports open offline. */
import { readFileSync } from "node:fs";

/**
 * Styles for the class names `renderOutput` emits: the browser's own (client/theme.css and
 * client/outputs/outputs.css), so a report's outputs look as they do in the app. Reports are
 * printed and mailed, and their page styles are light: they stay light whatever the reader's
 * system prefers (the app follows it).
 */
export const outputStyles = ["theme.css", "outputs/outputs.css"]
  .map((file) => readFileSync(new URL(`../../client/${file}`, import.meta.url), "utf8"))
  .concat(":root { color-scheme: light; }")
  .join("\n");

/** Page layout of the static report. */
export const reportStyles = `
body { font: 15px/1.55 system-ui, sans-serif; color: #111827; max-width: 60rem; margin: 2rem auto; padding: 0 1rem; }
header.report { color: #4b5563; border-bottom: 1px solid #e5e7eb; padding-bottom: 0.5rem; margin-bottom: 1rem; }
dl.provenance { display: grid; grid-template-columns: max-content 1fr; gap: 0.1rem 1rem; font-size: 0.85rem; color: #4b5563; margin: 0 0 1rem; }
dl.provenance dt { font-weight: 600; }
dl.provenance dd { margin: 0; overflow-wrap: anywhere; }
dl.provenance ul { margin: 0; padding-left: 1rem; }
.problems { background: #fffbeb; border: 1px solid #fcd34d; padding: 0.5rem 1rem; border-radius: 4px; }
.cell { margin: 1rem 0; padding-left: 0.75rem; border-left: 3px solid #e5e7eb; }
.cell.rejected, .cell.timeout { border-color: #dc2626; }
.cell-meta { font-size: 0.8rem; color: #6b7280; }
.status { font-weight: 600; }
.status-fulfilled { color: #15803d; }
.status-rejected, .status-timeout { color: #b91c1c; }
details.source pre { background: #f3f4f6; padding: 0.5rem; overflow-x: auto; font-size: 0.85rem; }
pre code { font-family: ui-monospace, monospace; }
`;
