import { Router } from "express";
import { renderReport } from "../../render/report.ts";
import { listPage } from "../../render/listPage.ts";
import { loadWorkbook } from "../../files/workbookFile.ts";
import type { AppDeps } from "../app.ts";

/** How long a page request waits for cells to settle before it shows them as still running. */
const PAGE_SETTLE_MS = 3000;

export function workbookRoutes({ workspace, sessions }: AppDeps): Router {
  const router = Router();

  router.get("/api/v1/workbooks", async (_req, res) => {
    res.json(await workbookList());
  });

  router.get("/", async (_req, res) => {
    res.type("html").send(listPage(await workbookList()));
  });

  router.get("/w/*path", async (req, res) => {
    const path = (req.params as { path: string[] }).path.join("/");
    const session = await sessions.open(path);
    await Promise.race([session.host.whenIdle(), new Promise((resolve) => setTimeout(resolve, PAGE_SETTLE_MS))]);
    const cells = session.host.snapshot();
    res.type("html").send(renderReport({ title: session.workbook.title, doc: session.workbook.doc, cells, home: "/" }));
  });

  async function workbookList() {
    const paths = await workspace.list();
    return Promise.all(
      paths.map(async (path) => {
        const workbook = await loadWorkbook(await workspace.resolve(path), path);
        return { path, title: workbook.title, problems: workbook.analysis.problems.length };
      }),
    );
  }

  return router;
}
