/** The description of the download routes (routes/exports.ts): a cell's table or drift report, for editors and share viewers. */
import { WORKBOOK_PATH, inPath, inQuery, json, operation, type PathItem } from "./operation.ts";
import { integer, ref } from "./schemas.ts";

const FORMAT = inPath("format", "csv or tsv (a table or a drift report), json (a drift report)");
const OUTPUT = inQuery(
  "output",
  "which of the cell's outputs, from 0; default its first table or drift report",
  integer,
);
const STRING = { schema: { type: "string" } };
const DOWNLOAD = {
  200: {
    description:
      "the whole table (not only the rows the page shows), streamed; or the drift report, one row per feature. RFC 4180 quoting; text starting with = + - @ gets a leading ' so spreadsheets do not run it",
    content: {
      "text/csv": STRING,
      "text/tab-separated-values": STRING,
      "application/json": { schema: { type: "object" } },
    },
  },
};

export const EXPORT_PATHS: Record<string, PathItem> = {
  "/api/v1/workbooks/{path}/cells/{cell}/export.{format}": {
    get: operation(
      "workbooks",
      "download a cell's table or drift report from the live workbook (a preview run if it was closed)",
      DOWNLOAD,
      {
        parameters: [WORKBOOK_PATH, inPath("cell", "the cell's index, or a name it defines"), FORMAT, OUTPUT],
      },
    ),
  },
  "/s/{token}/cells/{cell}/export.{format}": {
    get: operation(
      "pages",
      "download a shared cell's table or drift report; 403 unless the link allows downloads",
      {
        ...DOWNLOAD,
        403: json(ref("Error"), "the link does not allow downloads"),
        404: json(ref("Error"), "no such link, or no such cell in its view"),
      },
      {
        security: [],
        parameters: [inPath("token", "the link's secret token"), inPath("cell", "the cell's index"), FORMAT, OUTPUT],
      },
    ),
  },
};
