/** Inline stylesheets: pages that show outputs need no stylesheet request, and reports open offline. */

/** Styles for the class names `renderOutput` emits. */
export const outputStyles = `
.output { margin: 0.5rem 0; overflow-x: auto; }
.output-svg svg { max-width: 100%; height: auto; }
.output table { border-collapse: collapse; font-size: 0.85rem; font-variant-numeric: tabular-nums; }
.output th, .output td { border-bottom: 1px solid #e5e7eb; padding: 0.2rem 0.6rem; text-align: left; white-space: nowrap; }
.output th { background: #f9fafb; font-weight: 600; }
.output-table .scroll { max-height: 24rem; overflow: auto; }
.output-table th { position: sticky; top: 0; }
.output td.number { text-align: right; }
.output td.null { background: #fafafa; }
.output .note { color: #6b7280; font-size: 0.8rem; margin: 0.25rem 0; }
.output-drift .bar-cell { width: 8rem; }
.output-drift .bar { display: inline-block; height: 0.6rem; background: #9ca3af; border-radius: 2px; }
.output-drift .bar.drifted { background: #dc2626; }
.output-drift .drifted { color: #b91c1c; }
.output-alert { padding: 0.4rem 0.7rem; border-radius: 4px; border-left: 4px solid; }
.alert-firing { background: #fef2f2; border-color: #dc2626; }
.alert-ok { background: #f0fdf4; border-color: #16a34a; }
.alert-unknown { background: #f9fafb; border-color: #9ca3af; }
.output-json pre { background: #f9fafb; padding: 0.5rem; margin: 0; max-height: 24rem; overflow: auto; }
.output-error { background: #fef2f2; border: 1px solid #fca5a5; color: #991b1b; padding: 0.5rem 0.7rem; border-radius: 4px; }
.output-error pre { margin: 0.3rem 0 0; white-space: pre-wrap; }
`;

/** Page layout of the static report. */
export const reportStyles = `
body { font: 15px/1.55 system-ui, sans-serif; color: #111827; max-width: 60rem; margin: 2rem auto; padding: 0 1rem; }
header.report { color: #4b5563; border-bottom: 1px solid #e5e7eb; padding-bottom: 0.5rem; margin-bottom: 1rem; }
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
