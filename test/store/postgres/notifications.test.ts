import { afterEach, describe, expect, it } from "vitest";
import { openDatabase, writeTransaction, type Db } from "../../../server/store/db.ts";
import { ModelVersions } from "../../../server/store/modelVersions.ts";
import { sharedPostgres } from "../../helpers/engines.ts";

const cleanups: (() => void)[] = [];
afterEach(() => {
  for (const cleanup of cleanups.splice(0).reverse()) cleanup();
});

/** A server's connection to the database and its model versions, as PredictionStore keeps them. */
function server(url: string): { db: Db; versions: ModelVersions } {
  const db = openDatabase(url);
  cleanups.push(() => db.close());
  return { db, versions: new ModelVersions(db, Date.now) };
}

/** Commits one change of `model` through `writer`, as a logged batch does. */
function change(writer: { db: Db; versions: ModelVersions }, model: string): void {
  writeTransaction(writer.db, () => writer.versions.bump(model));
}

const until = async (done: () => boolean, timeoutMs = 10_000) => {
  const deadline = Date.now() + timeoutMs;
  while (!done() && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 20));
};

describe("model changes between servers on one PostgreSQL (LISTEN/NOTIFY)", () => {
  it("tells a listening server of each change another server commits, at once, and nothing of a rolled-back one", async () => {
    const url = await (await sharedPostgres()).createDatabase();
    const [a, b] = [server(url), server(url)];
    change(a, "before"); // committed before B listens: not news
    const heard: string[] = [];
    b.versions.onChange((model, version) => heard.push(`${model}:${version}`));
    cleanups.push(b.versions.watchOtherWriters(60_000));
    await until(() => false, 300); // B's listener connects
    const sent = Date.now();
    change(a, "credit");
    await until(() => heard.length === 1);
    expect(heard).toEqual(["credit:1"]);
    expect(Date.now() - sent).toBeLessThan(1000); // pushed, not found by a poll (the interval is a minute)
    expect(() =>
      writeTransaction(a.db, () => {
        a.versions.bump("credit");
        throw new Error("the batch is refused");
      }),
    ).toThrow("the batch is refused");
    await until(() => heard.length > 1, 500);
    expect(heard).toEqual(["credit:1"]);
    change(a, "credit");
    change(a, "fraud");
    await until(() => heard.length === 3);
    expect(heard).toEqual(["credit:1", "credit:2", "fraud:1"]);
  });

  it("after PostgreSQL restarts, listens again and tells of the changes made while it was away", async () => {
    const url = await (await sharedPostgres()).createDatabase();
    const b = server(url);
    const heard: string[] = [];
    b.versions.onChange((model, version) => heard.push(`${model}:${version}`));
    cleanups.push(b.versions.watchOtherWriters(60_000));
    await until(() => false, 300);
    (await sharedPostgres()).restart();
    const a = server(url); // a server that logs while B's listener is reconnecting
    change(a, "credit");
    await until(() => heard.includes("credit:1"), 15_000);
    expect(heard).toEqual(["credit:1"]);
    change(a, "credit");
    await until(() => heard.length === 2);
    expect(heard).toEqual(["credit:1", "credit:2"]);
  }, 30_000);
});
