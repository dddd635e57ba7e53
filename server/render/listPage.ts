import { escapeHtml } from "./escape.ts";

export interface WorkbookListing {
  path: string;
  title: string;
  problems: number;
}

/** The server's front page: every workbook in the folder, linked to its live view. */
export function listPage(workbooks: WorkbookListing[]): string {
  const items = workbooks
    .map(({ path, title, problems }) => {
      const href = `/w/${path.split("/").map(encodeURIComponent).join("/")}`;
      const note = problems > 0 ? ` <span class="problems">${problems} problem${problems === 1 ? "" : "s"}</span>` : "";
      return `<li><a href="${escapeHtml(href)}">${escapeHtml(title)}</a> <code>${escapeHtml(path)}</code>${note}</li>`;
    })
    .join("\n");
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Driftbook</title>
<style>
body { font: 15px/1.5 system-ui, sans-serif; max-width: 960px; margin: 2rem auto; padding: 0 1rem; color: #1b1f24; }
li { margin: .4rem 0; } code { color: #57606a; font-size: 13px; } .problems { color: #b42318; font-size: 13px; }
</style>
</head>
<body>
<h1>Workbooks</h1>
${workbooks.length ? `<ul>\n${items}\n</ul>` : "<p>No workbooks yet: add a <code>.md</code> file to the workbooks folder.</p>"}
</body>
</html>
`;
}
