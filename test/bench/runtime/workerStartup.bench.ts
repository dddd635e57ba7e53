import { fileURLToPath } from "node:url";
import { describe, vi } from "vitest";
import { RuntimeHost } from "../../../server/runtime/host.ts";
import { residentBytes } from "../../../server/runtime/cellProcess.ts";
import { ensureWorkerBundle } from "../../../server/runtime/workerBundle.ts";
import { analysed } from "../../helpers/workbooks.ts";
import { sideBySide } from "../helpers.ts";
import { recordFigure } from "../summary.ts";

// A headless run, and every workbook opened in a browser, waits for a fresh worker process.
// Measured from `new RuntimeHost()` and `load` of a one-cell workbook to `whenIdle()`, with the
// child process started from its esbuild bundle (Driftbook now) and from the tsx entry (the
// baseline: tsx transpiles the worker's imports in each new process). Rounds alternate the two
// so both see the same machine load. The idle process's resident size is printed too.
const ROUNDS = 7;
const TSX_ENTRY = fileURLToPath(new URL("../../../server/runtime/workerEntry.js", import.meta.url));

const script = vi.hoisted(() => ({ path: "" }));
vi.mock("../../../server/runtime/workerBundle.ts", async (importOriginal) => ({
  ...(await importOriginal<object>()),
  workerBundlePath: () => script.path,
}));

/** Milliseconds to idle, and the idle process's resident megabytes. */
async function startup(path: string): Promise<{ ms: number; mb: number }> {
  script.path = path;
  const started = performance.now();
  const host = new RuntimeHost();
  try {
    host.load(analysed("6 * 7"));
    await host.whenIdle();
    const ms = performance.now() - started;
    const [cell] = host.snapshot();
    if (cell.status !== "fulfilled") throw new Error(`the cell ended ${cell.status}: ${JSON.stringify(cell.outputs)}`);
    return { ms, mb: (residentBytes(host.pid!) ?? NaN) / 1024 / 1024 };
  } finally {
    await host.close();
  }
}

const median = (times: number[]) => [...times].sort((a, b) => a - b)[Math.floor(times.length / 2)];

async function compare(): Promise<void> {
  const bundle = ensureWorkerBundle();
  const check = ensureWorkerBundle();
  const sides = { bundle: [] as number[], tsx: [] as number[] };
  const residentMb: number[] = [];
  await startup(bundle.path);
  await startup(TSX_ENTRY);
  for (let round = 0; round < ROUNDS; round++) {
    const ours = await startup(bundle.path);
    sides.bundle.push(ours.ms);
    residentMb.push(ours.mb);
    sides.tsx.push((await startup(TSX_ENTRY)).ms);
  }
  const [ours, theirs] = [median(sides.bundle), median(sides.tsx)];
  console.log(
    `bundle ${bundle.rebuilt ? `built in ${bundle.ms.toFixed(0)} ms` : "was up to date"}, cache check ${check.ms.toFixed(1)} ms`,
  );
  recordFigure({
    figure: `a fresh cell process: new host + one-cell workbook to idle (median of ${ROUNDS})`,
    ours: `${ours.toFixed(0)} ms from the esbuild bundle, idle RSS ${median(residentMb).toFixed(0)} MB`,
    baseline: `through tsx ${theirs.toFixed(0)} ms`,
    ratio: ours / theirs,
  });
}

describe("runtime worker process startup", () => {
  sideBySide("one-cell workbook to idle: esbuild bundle side by side with the tsx entry", compare);
});
