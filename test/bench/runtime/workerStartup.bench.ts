import { fileURLToPath } from "node:url";
import { describe, vi } from "vitest";
import { RuntimeHost } from "../../../server/runtime/host.ts";
import { ensureWorkerBundle } from "../../../server/runtime/workerBundle.ts";
import { analysed } from "../../helpers/workbooks.ts";
import { sideBySide } from "../helpers.ts";

// The issue's case: a headless run waits for its worker. Measured from `new RuntimeHost()` and
// `load` of a one-cell workbook to `whenIdle()`, with the worker started from its esbuild bundle
// (Driftbook now) and from the tsx entry (the baseline: tsx transpiles the worker's imports in
// each new thread). Rounds alternate the two so both see the same machine load.
const ROUNDS = 7;
const TSX_ENTRY = fileURLToPath(new URL("../../../server/runtime/workerEntry.js", import.meta.url));

const script = vi.hoisted(() => ({ path: "" }));
vi.mock("../../../server/runtime/workerBundle.ts", async (importOriginal) => ({
  ...(await importOriginal<object>()),
  workerBundlePath: () => script.path,
}));

async function startupMs(path: string): Promise<number> {
  script.path = path;
  const started = performance.now();
  const host = new RuntimeHost();
  try {
    host.load(analysed("6 * 7"));
    await host.whenIdle();
    const ms = performance.now() - started;
    const [cell] = host.snapshot();
    if (cell.status !== "fulfilled") throw new Error(`the cell ended ${cell.status}: ${JSON.stringify(cell.outputs)}`);
    return ms;
  } finally {
    await host.close();
  }
}

const median = (times: number[]) => [...times].sort((a, b) => a - b)[Math.floor(times.length / 2)];

async function compare(): Promise<void> {
  const bundle = ensureWorkerBundle();
  const check = ensureWorkerBundle();
  const sides = { bundle: [] as number[], tsx: [] as number[] };
  await startupMs(bundle.path);
  await startupMs(TSX_ENTRY);
  for (let round = 0; round < ROUNDS; round++) {
    sides.bundle.push(await startupMs(bundle.path));
    sides.tsx.push(await startupMs(TSX_ENTRY));
  }
  const [ours, theirs] = [median(sides.bundle), median(sides.tsx)];
  console.log(
    `one-cell workbook, new RuntimeHost + load to idle, median of ${ROUNDS}: bundle ${ours.toFixed(0)} ms, tsx entry ${theirs.toFixed(0)} ms, ` +
      `ratio ${(ours / theirs).toFixed(2)} (${(theirs / ours).toFixed(1)}× faster); ` +
      `bundle ${bundle.rebuilt ? `built in ${bundle.ms.toFixed(0)} ms` : "was up to date"}, cache check ${check.ms.toFixed(1)} ms`,
  );
}

describe("runtime worker startup", () => {
  sideBySide("one-cell workbook to idle: esbuild bundle side by side with the tsx entry", compare);
});
