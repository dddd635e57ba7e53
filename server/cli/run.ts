import { writeFile } from "node:fs/promises";
import { loadWorkbook } from "../files/workbookFile.ts";
import { renderReport } from "../render/report.ts";
import { runWorkbook, type CellReport } from "../runtime/runWorkbook.ts";
import { resolveParams } from "../runtime/stdlib/params.ts";
import { parseCommandArgs, secondsOption } from "./args.ts";
import { CliError, EXIT } from "./cliError.ts";
import { formatProblem } from "./problems.ts";

const USAGE = `Usage: driftbook run <workbook.md> [options]

Runs every cell once without a browser and prints one line per cell as it finishes.
Exit code: 0 when every cell fulfilled, 2 when any cell failed (1 is kept for firing alerts).

Options:
  --param KEY=VALUE    override a front-matter parameter (repeatable)
  --json FILE          write the run report as JSON
  --html FILE          write a self-contained HTML report
  --cell-timeout S     per-cell time limit in seconds (default 30)
  --db PATH            the SQLite database that sql cells read (default ./data/driftbook.db)`;

export async function run(args: string[]): Promise<number> {
  const { values, positionals } = parseCommandArgs(
    args,
    {
      param: { type: "string", multiple: true },
      json: { type: "string" },
      html: { type: "string" },
      "cell-timeout": { type: "string" },
      db: { type: "string" },
    },
    USAGE,
  );
  if (positionals.length !== 1) throw new CliError(`expected one workbook file\n\n${USAGE}`);
  const workbook = await loadWorkbook(positionals[0]).catch((error: NodeJS.ErrnoException) => {
    throw new CliError(error.code === "ENOENT" ? `no such workbook: ${positionals[0]}` : error.message);
  });
  let params: Record<string, unknown>;
  try {
    params = resolveParams(workbook.paramDefaults, parseParamArgs(values.param ?? []));
  } catch (error) {
    throw new CliError((error as Error).message);
  }
  for (const problem of workbook.analysis.problems.filter((p) => p.cellIndex === undefined)) {
    console.error(formatProblem(workbook.path, problem));
  }

  const report = await runWorkbook({
    workbook: workbook.path,
    doc: workbook.doc,
    analysis: workbook.analysis,
    params,
    cellTimeoutMs: secondsOption("cell-timeout", values["cell-timeout"], 30_000),
    dbPath: values.db,
    onCell: (cell) => console.log(formatCell(cell)),
  });
  const failed = report.cells.filter((cell) => cell.status !== "fulfilled").length;
  console.log(`${report.status === "ok" ? "ok" : "failed"}: ${report.cells.length - failed} of ${report.cells.length} cells fulfilled in ${report.durationMs} ms`);

  if (values.json) await writeFile(values.json, JSON.stringify(report, null, 2) + "\n");
  if (values.html) {
    const html = renderReport({
      title: workbook.title,
      doc: workbook.doc,
      cells: report.cells.map((cell) => ({ status: cell.status, ms: cell.ms, outputs: cell.outputs })),
    });
    await writeFile(values.html, html);
  }
  return report.status === "ok" ? EXIT.ok : EXIT.failed;
}

/** `--param window=24h` → {window: "24h"}; the value is coerced later, against the default's type. */
function parseParamArgs(pairs: string[]): Record<string, string> {
  const overrides: Record<string, string> = {};
  for (const pair of pairs) {
    const eq = pair.indexOf("=");
    if (eq <= 0) throw new CliError(`--param takes KEY=VALUE, got "${pair}"`);
    overrides[pair.slice(0, eq)] = pair.slice(eq + 1);
  }
  return overrides;
}

function formatCell(cell: CellReport): string {
  const mark = cell.status === "fulfilled" ? "ok     " : cell.status === "timeout" ? "timeout" : "failed ";
  const label = `cell ${cell.index + 1} ${cell.kind}${cell.name ? ` ${cell.name}` : ""}`;
  const error = cell.error ? `  ${cell.error.line ? `line ${cell.error.line}: ` : ""}${cell.error.message}` : "";
  return `${mark} ${label.padEnd(24)} ${String(cell.ms).padStart(6)} ms${error}`;
}
