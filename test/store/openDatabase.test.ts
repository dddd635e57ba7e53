import { describe, expect, it } from "vitest";
import { openDatabase } from "../../server/store/db.ts";
import { engineOf } from "../../server/store/connection.ts";
import { ENGINES, engineDatabases } from "../helpers/engines.ts";

describe.each(ENGINES)("openDatabase on %s", (engine) => {
  const databases = engineDatabases(engine);

  it("creates the server's tables, and opening again (another server) finds them current", async () => {
    const location = await databases.location();
    const first = openDatabase(location);
    const second = openDatabase(location);
    try {
      expect(engineOf(first)).toBe(engine);
      const id = first
        .prepare("insert into driftbook_workbook_ids (id, path, created_at) values (?, ?, ?) returning id")
        .pluck()
        .get("w1", "a.md", 1);
      expect(id).toBe("w1");
      expect(second.prepare("select path from driftbook_workbook_ids where id = ?").pluck().get("w1")).toBe("a.md");
    } finally {
      first.close();
      second.close();
    }
  });
});
