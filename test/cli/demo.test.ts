import { spawn } from "node:child_process";
import { join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { RunningServer } from "../../server/compose.ts";
import { PredictionStore } from "../../server/store/store.ts";
import { driftbook, ROOT } from "../helpers/cli.ts";
import { startTestServer } from "../helpers/server.ts";
import { tempDir } from "../helpers/workbooks.ts";

let dir: string;
let cleanup: () => Promise<void>;
beforeAll(async () => {
  ({ dir, cleanup } = await tempDir("driftbook-demo-"));
});
afterAll(() => cleanup());

describe("driftbook demo", () => {
  it("seeds model credit into --db and prints what it wrote, then leaves a seeded database alone", async () => {
    const db = join(dir, "seeded.db");
    const first = await driftbook(["demo", "--db", db]);
    expect(first.stderr).toBe("");
    expect(first.code).toBe(0);
    expect(first.stdout).toMatch(
      /^seeded model credit in .*seeded\.db: 5,000 reference rows, 10,500 predictions from \d{4}-\d\d-\d\d \d\d:\d\d UTC to .* UTC, [\d,]+ labelled \(\d+%\); income and purpose drift from day 5\n$/,
    );

    const second = await driftbook(["demo", "--db", db]);
    expect(second.code).toBe(0);
    expect(second.stdout).toMatch(/model credit already has 10,500 predictions in .*seeded\.db; nothing seeded/);

    const store = new PredictionStore(db);
    try {
      expect(store.model("credit")).toMatchObject({ rows: 10_500, referenceRows: 5000 });
    } finally {
      store.close();
    }
  });

  it("refuses a bad --stream or --url with exit code 2", async () => {
    const stream = await driftbook(["demo", "--db", join(dir, "bad.db"), "--stream", "many"]);
    expect(stream.code).toBe(2);
    expect(stream.stderr).toMatch(/--stream must be a positive whole number/);
    const url = await driftbook(["demo", "--db", join(dir, "bad.db"), "--stream", "5", "--url", "localhost:3000"]);
    expect(url.code).toBe(2);
    expect(url.stderr).toMatch(/--url must be an http\(s\) URL/);
  });

  describe("--stream", () => {
    let server: RunningServer;
    beforeAll(async () => {
      server = await startTestServer({ workbooksDir: dir, dbPath: join(dir, "server.db") });
    });
    afterAll(() => server.close());

    it("keeps logging predictions to the server until interrupted", async () => {
      const child = spawn(
        process.execPath,
        [
          join(ROOT, "bin/driftbook.js"),
          "demo",
          "--db",
          join(dir, "streamed.db"),
          "--stream",
          "20",
          "--url",
          server.url,
        ],
        {
          cwd: ROOT,
          stdio: ["ignore", "pipe", "pipe"],
        },
      );
      let stdout = "";
      let stderr = "";
      child.stdout.on("data", (chunk) => (stdout += chunk));
      child.stderr.on("data", (chunk) => (stderr += chunk));
      const exited = new Promise<number | null>((resolve) => child.on("close", resolve));

      const rows = () => server.store.model("credit")?.rows ?? 0;
      const started = Date.now();
      while (rows() === 0 && Date.now() - started < 15_000) await sleep(50);
      const firstCount = rows();
      await sleep(2500);
      const laterCount = rows();
      child.kill("SIGINT");

      expect(await exited).toBe(0);
      expect(stderr).toBe("");
      expect(firstCount).toBeGreaterThan(0);
      expect(laterCount).toBeGreaterThanOrEqual(firstCount + 20);
      expect(stdout).toMatch(/streaming 20 predictions a second to http:\/\/127\.0\.0\.1:\d+ \(Ctrl-C to stop\)/);
      expect(stdout).toMatch(/stopped after streaming [\d,]+ predictions and \d+ labels to .* \(0 errors\)/);
    });
  });
});
