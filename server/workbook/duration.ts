/**
 * Durations as workbooks write them: parsed in server/protocol/duration.ts, where the browser's
 * settings panel reads them too (the client imports only the protocol). Kept here so the
 * workbook modules and the rest of the server import durations from the workbook format.
 */
export { parseDuration } from "../protocol/duration.ts";
