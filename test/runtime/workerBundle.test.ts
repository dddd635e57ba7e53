import { existsSync, readFileSync } from "node:fs";
import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { ensureWorkerBundle, workerBundlePath } from "../../server/runtime/workerBundle.ts";
import { tempDir, writeFiles } from "../helpers/workbooks.ts";

const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  await Promise.all(cleanups.splice(0).map((cleanup) => cleanup()));
});

/** A tiny entry importing `dep.ts`, plus an unrelated file, in a temporary folder. */
async function tinyProject() {
  const { dir, cleanup } = await tempDir("driftbook-bundle-");
  cleanups.push(cleanup);
  await writeFiles(dir, {
    "entry.ts": 'import { answer } from "./dep.ts";\nconsole.log(answer);\n',
    "dep.ts": "export const answer: number = 41;\n",
    "unrelated.ts": "export const other = 1;\n",
  });
  return { dir, options: { entry: join(dir, "entry.ts"), outdir: join(dir, "out"), sourceDirs: [dir] } };
}

describe("worker bundle", () => {
  it("bundles the runtime worker once, then finds it by the hash of its sources", () => {
    const first = ensureWorkerBundle();
    expect(existsSync(first.path)).toBe(true);
    expect(existsSync(`${first.path}.map`)).toBe(true);
    const second = ensureWorkerBundle();
    expect(second).toMatchObject({ path: first.path, rebuilt: false });
    expect(second.ms).toBeLessThan(1000);
    expect(workerBundlePath()).toBe(first.path);
  });

  it("rebuilds when a source the bundle read changes, and only then", async () => {
    const { dir, options } = await tinyProject();
    const first = ensureWorkerBundle(options);
    expect(first.rebuilt).toBe(true);
    expect(readFileSync(first.path, "utf8")).toContain("41");
    expect(ensureWorkerBundle(options)).toMatchObject({ path: first.path, rebuilt: false });

    await writeFile(join(dir, "unrelated.ts"), "export const other = 2;\n");
    expect(ensureWorkerBundle(options)).toMatchObject({ path: first.path, rebuilt: false });

    await writeFile(join(dir, "dep.ts"), "export const answer: number = 42;\n");
    const changed = ensureWorkerBundle(options);
    expect(changed.rebuilt).toBe(true);
    expect(changed.path).not.toBe(first.path);
    expect(readFileSync(changed.path, "utf8")).toContain("42");
  });

  it("bundles sources outside the folders it hashes up front", async () => {
    const { options } = await tinyProject();
    const built = ensureWorkerBundle({ ...options, sourceDirs: [] });
    expect(readFileSync(built.path, "utf8")).toContain("41");
    expect(ensureWorkerBundle({ ...options, sourceDirs: [] }).rebuilt).toBe(false);
  });
});
