/**
 * The alert channel the demo workbook notifies. `serve --demo` defines it when the config file
 * does not, so a first `npm start` shows the demo's alert delivered — to JSON lines in a file
 * beside the database (in `data/` for a PostgreSQL database) — rather than failing for a channel
 * nobody has configured.
 */
import { dirname, join, resolve } from "node:path";
import type { ChannelConfig } from "../alerts/config.ts";
import { DEFAULT_DB_PATH, isPostgresUrl } from "../store/location.ts";

/** The channel's name, as credit-drift.md's alert names it in `notify`. */
export const DEMO_CHANNEL = "log";

/** A `log` channel writing to alerts.log beside the database at `location` (location.ts). */
export function demoChannels(location: string): Record<string, ChannelConfig> {
  const beside = isPostgresUrl(location) ? DEFAULT_DB_PATH : location;
  return { [DEMO_CHANNEL]: { type: "log", path: join(dirname(resolve(beside)), "alerts.log") } };
}
