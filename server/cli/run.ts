import { writeFile } from "node:fs/promises";
import { isAbsolute, relative, resolve, sep } from "node:path";
import { loadAlertConfig } from "../alerts/config.ts";
import { alertRules } from "../alerts/rule.ts";
import { evaluateAlerts, forgetRemovedRules, ruleOutputsOf } from "../alerts/evaluate.ts";
import { createNotifier } from "../alerts/notify.ts";
import { AlertStore } from "../alerts/state.ts";
import type { LoadedWorkbook } from "../files/workbookFile.ts";
import { DEFAULT_DB_PATH, openDatabase } from "../store/db.ts";
import { loadWorkbook } from "../files/workbookFile.ts";
import { renderReport } from "../render/report.ts";
import { runWorkbook, type CellReport, type RunReport } from "../runtime/runWorkbook.ts";
import { resolveParams } from "../runtime/stdlib/params.ts";
import { parseCommandArgs, secondsOption } from "./args.ts";
import { CliError, EXIT } from "./cliError.ts";
import { formatProblem } from "./problems.ts";

const USAGE = `Usage: driftbook run <workbook.md> [options]

Runs every cell once without a browser and prints one line per cell as it finishes, then
evaluates the workbook's alert rules (state is kept in the database, as the server keeps it).
Exit code: 0 when every cell fulfilled and no alert fires, 1 when an alert is firing after
the run, 2 when any cell failed.

Options:
  --param KEY=VALUE    override a front-matter parameter (repeatable)
  --json FILE          write the run report as JSON
  --html FILE          write a self-contained HTML report
  --cell-timeout S     per-cell time limit in seconds (default 30)
  --db PATH            the SQLite database that sql cells read (default ./data/driftbook.db)
  --config FILE        alert channels (default ./driftbook.config.json, if present)
  --workbooks DIR      the workbooks folder the path is relative to, for alert identity (default ./workbooks)`;

export async function run(args: string[]): Promise<number> {
  const { values, positionals } = parseCommandArgs(
    args,
    {
      param: { type: "string", multiple: true },
      json: { type: "string" },
      html: { type: "string" },
      "cell-timeout": { type: "string" },
      db: { type: "string" },
      config: { type: "string" },
      workbooks: { type: "string" },
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
  const firing = await evaluateRun(workbook, report, params, values);
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
  if (report.status !== "ok") return EXIT.failed;
  return firing > 0 ? EXIT.alertFiring : EXIT.ok;
}

/**
 * Evaluates the alert rules on the run's outputs, with the state the server shares (same
 * database, same rule ids: the path relative to the workbooks folder), and prints each
 * transition. Returns how many of the workbook's alert instances are firing.
 */
async function evaluateRun(
  workbook: LoadedWorkbook,
  report: RunReport,
  params: Record<string, unknown>,
  values: { db?: string; config?: string; workbooks?: string },
): Promise<number> {
  if (workbook.rules.length === 0) return 0;
  const config = await loadAlertConfig({ path: values.config }).catch((error: Error) => {
    throw new CliError(error.message);
  });
  const db = openDatabase(resolve(values.db ?? DEFAULT_DB_PATH));
  try {
    const store = new AlertStore(db);
    const id = alertIdentity(workbook.path, values.workbooks ?? "workbooks");
    const { rules } = alertRules(id, workbook.doc);
    const ruleNames = rules.map((rule) => rule.name);
    forgetRemovedRules({ workbook: id, ruleNames, store, trigger: "cli" });
    const evaluation = await evaluateAlerts({
      workbook: id,
      rules,
      outputs: ruleOutputsOf(report.cells),
      trigger: "cli",
      store,
      notifier: createNotifier(config),
      templateData: { ...(workbook.doc.frontMatter?.data ?? {}), params },
    });
    report.alerts = evaluation.transitions;
    for (const transition of evaluation.transitions) {
      console.log(`alert   ${transition.ruleId}${transition.instance ? ` [${transition.instance}]` : ""}: ${transition.from} → ${transition.to}`);
    }
    const firing = store.instances({ workbook: id }).filter((instance) => instance.state === "firing");
    for (const instance of firing) console.log(`firing  ${instance.ruleId}${instance.instance ? ` [${instance.instance}]` : ""}`);
    return firing.length;
  } finally {
    db.close();
  }
}

/** The path the server would name this workbook by (relative to the workbooks folder), else the path as given. */
function alertIdentity(path: string, workbooksDir: string): string {
  const inside = relative(resolve(workbooksDir), resolve(path));
  return inside && !inside.startsWith("..") && !isAbsolute(inside) ? inside.split(sep).join("/") : path;
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
