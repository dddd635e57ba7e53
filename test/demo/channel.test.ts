import { join, resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { DEMO_CHANNEL, demoChannels } from "../../server/demo/channel.ts";

describe("demoChannels", () => {
  it("defines the channel the demo workbook notifies, as JSON lines beside the database", () => {
    expect(demoChannels("data/driftbook.db")).toEqual({
      [DEMO_CHANNEL]: { type: "log", path: join(resolve("data"), "alerts.log") },
    });
    expect(DEMO_CHANNEL).toBe("log");
  });

  it("writes to data/alerts.log when the database is PostgreSQL, which has no folder here", () => {
    expect(demoChannels("postgres://driftbook@db.internal/driftbook")).toEqual({
      [DEMO_CHANNEL]: { type: "log", path: join(resolve("data"), "alerts.log") },
    });
  });
});
