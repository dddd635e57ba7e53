/** The description of the alert and share-link routes (routes/alerts.ts, shares.ts). */
import { empty, inPath, inQuery, json, jsonBody, operation, type PathItem } from "./operation.ts";
import { arrayOf, object, orNull, ref, text } from "./schemas.ts";

export const ALERT_PATHS: Record<string, PathItem> = {
  "/api/v1/alerts": {
    get: operation(
      "alerts",
      "every alert rule instance where it stands, with the silences that mute it now",
      { 200: json(arrayOf(ref("AlertInstance"))) },
      {
        parameters: [inQuery("workbook", "only this workbook's")],
      },
    ),
  },
  "/api/v1/alerts/history": {
    get: operation(
      "alerts",
      "transitions, newest first; page with before=<next>",
      { 200: json(object({ entries: arrayOf(ref("AlertTransition")), next: orNull({ type: "integer" }) })) },
      {
        parameters: [
          inQuery("workbook", "only this workbook's"),
          inQuery("rule", "only this rule's (its ruleId, <workbook>#<rule>)"),
          inQuery("limit", "1 to 500, default 50", { type: "integer" }),
          inQuery("before", "the next of the previous page", { type: "integer" }),
        ],
      },
    ),
  },
  "/api/v1/alerts/silences": {
    get: operation("alerts", "every silence, with where it stands now", { 200: json(arrayOf(ref("Silence"))) }),
    post: operation(
      "alerts",
      "mute the instances whose labels match, for a duration or until endsAt",
      { 201: json(ref("Silence"), "created") },
      {
        requestBody: jsonBody(ref("SilenceRequest")),
      },
    ),
  },
  "/api/v1/alerts/silences/{id}": {
    delete: operation(
      "alerts",
      "lift a silence: it ends now and stays listed as expired",
      { 200: json(ref("Silence")) },
      {
        parameters: [inPath("id", "the silence's id")],
      },
    ),
  },
  "/api/v1/shares": {
    get: operation(
      "shares",
      "the share links, or one workbook's",
      { 200: json(object({ shares: arrayOf(ref("Share")) })) },
      {
        parameters: [inQuery("workbook", "only this workbook's")],
      },
    ),
    post: operation(
      "shares",
      "make a read-only link to a workbook; the answer is the only time its token is shown",
      { 201: json(ref("CreatedShare"), "created") },
      {
        requestBody: jsonBody(
          object(
            { workbook: text },
            {
              expiresIn: {
                type: ["string", "number"],
                description: 'a duration such as "7d", or seconds; default 30 days',
              },
              downloads: {
                type: "boolean",
                description: "let viewers download tables, charts and drift reports; default false",
              },
            },
          ),
        ),
      },
    ),
  },
  "/api/v1/shares/{id}": {
    delete: operation(
      "shares",
      "revoke a share link: its viewers are disconnected",
      { 204: empty("revoked") },
      {
        parameters: [inPath("id", "the link's id (not its token)")],
      },
    ),
  },
};
