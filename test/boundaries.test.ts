import { readFile, readdir } from "node:fs/promises";
import { join, relative, resolve, dirname } from "node:path";
import { describe, expect, it } from "vitest";
import { ROOT } from "./helpers/cli.ts";

/** Every .ts/.js file under `folder` (relative to the repository root), with the modules it imports. */
async function importsUnder(folder: string): Promise<{ file: string; imports: string[]; text: string }[]> {
  const files: string[] = [];
  const walk = async (dir: string) => {
    for (const entry of await readdir(join(ROOT, dir), { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) await walk(path);
      else if (/\.(ts|js)$/.test(entry.name)) files.push(path);
    }
  };
  await walk(folder);
  return Promise.all(
    files.map(async (file) => {
      const text = await readFile(join(ROOT, file), "utf8");
      const imports = [...text.matchAll(/(?:^|\n)\s*(?:import|export)\s[^;]*?from\s+["']([^"']+)["']|import\(\s*["']([^"']+)["']\s*\)/g)].map((m) => m[1] ?? m[2]);
      return { file, imports, text };
    }),
  );
}

/** Where a relative import lands, relative to the root; bare package names as they are. */
function target(file: string, specifier: string): string {
  return specifier.startsWith(".") ? relative(ROOT, resolve(ROOT, dirname(file), specifier)) : specifier;
}

function violations(files: Awaited<ReturnType<typeof importsUnder>>, allowed: (target: string, file: string) => boolean): string[] {
  return files.flatMap(({ file, imports }) => imports.map((spec) => target(file, spec)).filter((t) => !allowed(t, file)).map((t) => `${file} → ${t}`));
}

describe("dependency directions", () => {
  it("detectors import only simple-statistics and each other", async () => {
    const files = await importsUnder("detectors");
    expect(violations(files, (t) => t === "simple-statistics" || t.startsWith("detectors/"))).toEqual([]);
  });

  it("the protocol imports nothing but itself", async () => {
    expect(violations(await importsUnder("server/protocol"), (t) => t.startsWith("server/protocol/"))).toEqual([]);
  });

  it("the browser app imports the protocol and browser packages, never the rest of the server, detectors or Node", async () => {
    const files = (await importsUnder("client")).filter(({ file }) => !file.endsWith("build.ts"));
    expect(violations(files, (t) => !t.startsWith("node:") && !t.startsWith("server/") ? !t.startsWith("detectors/") : t.startsWith("server/protocol/"))).toEqual([]);
  });

  it("workbook parsing and analysis are pure: parsers only", async () => {
    const files = [...(await importsUnder("server/workbook")), ...(await importsUnder("server/analysis"))];
    const pure = (t: string) => ["yaml", "markdown-it", "acorn", "acorn-walk", "eslint-scope", "estree", "node:crypto"].includes(t) || t.startsWith("server/workbook/") || t.startsWith("server/analysis/") || t.startsWith("server/protocol/");
    expect(violations(files, pure)).toEqual([]);
  });

  it("the runtime never reaches HTTP, sockets or the file workspace", async () => {
    const files = await importsUnder("server/runtime");
    expect(violations(files, (t) => !["express", "ws"].includes(t) && !t.startsWith("server/http/") && !t.startsWith("server/files/"))).toEqual([]);
  });

  it("only server/http imports express and ws; only the entry points (server/cli, bin, the worker process) touch process.argv or process.exit", async () => {
    const server = await importsUnder("server");
    expect(violations(server, (t, file) => !["express", "ws"].includes(t) || file.startsWith("server/http/"))).toEqual([]);
    const entry = (file: string) => file.startsWith("server/cli/") || file === "server/runtime/workerProcess.ts";
    const exits = server.filter(({ file, text }) => !entry(file) && /process\.(argv|exit)\b/.test(text)).map(({ file }) => file);
    expect(exits).toEqual([]);
  });
});
