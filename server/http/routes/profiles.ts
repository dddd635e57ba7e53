/**
 * `GET /api/v1/models/:model/profile?since=&until=&every=&tz=&segment=column:value&reference=1`:
 * a window of a model's stored profiles as JSON (profileJson.ts), read on the main thread's
 * connection, behind the editor check like the other model reads. A bad parameter is a 400
 * naming it; an unknown model or reference set a 404.
 */
import { Router, type Request } from "express";
import type { Db } from "../../store/db.ts";
import { profileReport } from "../../store/profileJson.ts";
import { segmentOf } from "../../store/profileOptions.ts";
import { ProfileReadError, readProfiles, type ProfileReadOptions } from "../../store/profileRead.ts";
import { HttpError } from "../httpError.ts";

const PARAMETERS = ["since", "until", "every", "tz", "segment", "reference"] as const;

export function profileRoutes({ db }: { db: Db }): Router {
  const router = Router();
  router.get("/api/v1/models/:model/profile", (req, res) => {
    const model = req.params.model as string;
    try {
      res.json(profileReport(model, readProfiles(db, model, optionsOf(req))));
    } catch (error) {
      if (!(error instanceof ProfileReadError)) throw error;
      throw new HttpError(error.notFound ? 404 : 400, error.message, { field: error.option });
    }
  });
  return router;
}

/** The query's options, each given at most once; `reference=1` (or `true`) is the default set, another value its name. */
function optionsOf(req: Request): ProfileReadOptions {
  const values: Partial<Record<(typeof PARAMETERS)[number], string>> = {};
  for (const [name, value] of Object.entries(req.query)) {
    if (!(PARAMETERS as readonly string[]).includes(name))
      throw new HttpError(
        400,
        `unknown parameter ${JSON.stringify(name)}: the parameters are ${PARAMETERS.join(", ")}`,
        {
          field: name,
        },
      );
    if (typeof value !== "string") throw new HttpError(400, `${name} may be given once`, { field: name });
    values[name as (typeof PARAMETERS)[number]] = value;
  }
  const { since, until, every, tz, segment, reference } = values;
  return {
    since,
    until,
    every,
    tz,
    segment: segment === undefined ? undefined : segmentOf(segment, ":", "segment"),
    reference: reference === undefined ? undefined : reference === "1" || reference === "true" ? true : reference,
  };
}
