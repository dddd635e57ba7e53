import { afterEach, describe, expect, it } from "vitest";
import { RuntimeHost } from "../../server/runtime/host.ts";
import { passwordApart } from "../../server/runtime/cellProcess.ts";
import { engineDatabases } from "../helpers/engines.ts";
import { seedCredit } from "../helpers/cellData.ts";
import { analysed } from "../helpers/workbooks.ts";

/** The server's password in its URL (the test cluster trusts loopback, so any password logs in). */
const SERVER_PASSWORD = "server-secret-4f1c";

describe("a cell process on PostgreSQL", () => {
  const databases = engineDatabases("postgres");
  let host: RuntimeHost | undefined;
  afterEach(async () => host?.close());

  it("holds only the reader role's URL: never the server's user or password, not even in its arguments", async () => {
    const url = new URL(await databases.location());
    url.password = SERVER_PASSWORD;
    seedCredit(url.toString(), 3);
    host = new RuntimeHost({ dbPath: url.toString() });
    host.load(
      analysed(
        "JSON.stringify({ argv: process.argv, env: process.env })",
        "```sql counted\nselect count(*) as n from credit\n```",
      ),
    );
    await host.whenIdle();
    const [seen, counted] = host.snapshot();
    expect(counted.outputs[0]).toMatchObject({ kind: "table", rows: [[3]] });
    const { argv, env } = JSON.parse((seen.outputs[0] as { value: string }).value) as {
      argv: string[];
      env: Record<string, string>;
    };
    const everything = JSON.stringify({ argv, env });
    expect(everything).not.toContain(SERVER_PASSWORD);
    expect(everything).not.toContain(`${url.username}@`);
    const init = JSON.parse(argv.at(-1)!) as { dbPath: string };
    const reader = new URL(init.dbPath);
    expect(reader.username).toMatch(/_driftbook_reader$/);
    // The reader's own password is in the environment, which only the process's owner can read, not in its arguments.
    expect(reader.password).toBe("");
    expect(env.PGPASSWORD).toMatch(/^[0-9a-f]{48}$/);
  }, 60_000);

  it.runIf(process.getuid?.() === 0)(
    "reads as the cell user too, whose connection thread starts after the drop",
    async () => {
      const url = await databases.location();
      seedCredit(url, 3);
      host = new RuntimeHost({ dbPath: url, cellUser: { name: "nobody", uid: 65534, gid: 65534 } });
      host.load(analysed("process.getuid()", "```sql counted\nselect count(*) as n from credit\n```"));
      await host.whenIdle();
      expect(host.snapshot().map((cell) => cell.outputs[0])).toMatchObject([
        { kind: "json", value: 65534 },
        { kind: "table", rows: [[3]] },
      ]);
    },
    60_000,
  );
});

describe("passwordApart", () => {
  it("moves a PostgreSQL URL's password out of the init, and leaves a SQLite path alone", () => {
    expect(passwordApart({ dbPath: "postgres://r:p%40ss@h:5/db", workbookId: "w.md" })).toEqual({
      shown: { dbPath: "postgres://r@h:5/db", workbookId: "w.md" },
      password: "p@ss",
    });
    expect(passwordApart({ dbPath: "/data/driftbook.db" })).toEqual({ shown: { dbPath: "/data/driftbook.db" } });
  });
});
