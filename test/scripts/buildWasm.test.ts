import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { compileWat, WASM_MODULES } from "../../scripts/buildWasm.ts";
import { ROOT } from "../helpers/cli.ts";

describe("the committed WebAssembly modules", () => {
  it.each(WASM_MODULES)("$output holds what $source compiles to", async (wasm) => {
    const compiled = await compileWat(wasm.source, readFileSync(join(ROOT, wasm.source), "utf8"));
    const generated = (await import(`../../${wasm.output}`)) as Record<string, Uint8Array>;
    expect(generated[wasm.name], "run `npm run build:wasm` after editing the .wat").toEqual(compiled);
  });
});
