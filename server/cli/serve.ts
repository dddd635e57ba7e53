/**
 * `driftbook serve`: reads the server's options and environment tokens, starts the server
 * (server/compose.ts), optionally seeds and streams the demo model, and stops on SIGINT or SIGTERM.
 */
import { ConfigError, type ChannelConfig } from "../alerts/config.ts";
import { databaseLocation } from "../store/location.ts";
import { DEFAULT_MAX_BODY_BYTES, StartError, startServer } from "../compose.ts";
import { DEMO_CHANNEL, demoChannels } from "../demo/channel.ts";
import { DEMO_HISTORY_DAYS, seedDemo } from "../demo/seed.ts";
import { streamDemo } from "../demo/stream.ts";
import { DEFAULT_DATA_RUN_INTERVAL_MS } from "../runs/dataTrigger.ts";
import type { GitAuthor } from "../git/inputs.ts";
import { DEFAULT_BACKOFF, DEFAULT_EXPIRE_MS } from "../alerts/delivery.ts";
import { markModelsWithoutProfiles } from "../store/profileRebuild.ts";
import { DATABASE_CHECKS, type DatabaseCheck } from "../store/openCheck.ts";
import { DEFAULT_IDLE_CLOSE_MS } from "../live/sessions.ts";
import {
  countOption,
  durationOption,
  megabytesOption,
  parseCommandArgs,
  positiveOption,
  secondsOption,
} from "./args.ts";
import { CELL_OPTIONS, CELL_USAGE, cellHostOptions } from "./cellOptions.ts";
import { CliError } from "./cliError.ts";

const DEMO_STREAM_PER_SECOND = 2;

const USAGE = `Usage: driftbook serve [options]

Serves the workbooks folder: a list of workbooks and each one with its live outputs.

Options:
  --port N             port to listen on (default 3000; 0 picks a free one)
  --host ADDRESS       address to bind (default 127.0.0.1)
  --allowed-hosts A,B  more host names to answer to, such as the name a reverse proxy
                       forwards; requests naming any other host get 403 (localhost, the
                       bound address and IP addresses are always allowed)
  --trust-proxy A,B    addresses or CIDR ranges of reverse proxies / load balancers (or
                       loopback, uniquelocal): requests from them take the client address,
                       Host and scheme from X-Forwarded-For/-Host/-Proto
  --auth-proxy-header NAME
                       the header in which a single-sign-on proxy names the signed-in
                       user (e.g. X-Forwarded-User): silences, share links, commits,
                       run-now and saves record that user (the /audit page lists them);
                       believed only from --trust-proxy addresses, which it requires
  --public-url URL     the URL people open (e.g. https://driftbook.example.com behind a
                       proxy): share links and alert links use it, and pages from it may write
  --workbooks DIR      the workbooks folder (default ./workbooks)
  --server-name NAME   this server's name in the run history, when several servers share
                       one PostgreSQL database (default: the host name; give each server
                       on one host its own)
${CELL_USAGE}
  --idle-close S       close a workbook nobody has watched for S seconds, ending its cell
                       process (default 600)
  --db PATH|URL        a SQLite file or postgres:// URL (default $DRIFTBOOK_DATABASE_URL, else ./data/driftbook.db)
  --check-db quick|full|off
                       check the database before serving: quick_check (default),
                       integrity_check (full, slower), or only its header (off)
  --max-body MB        largest ingest request body in megabytes (default 64)
  --busy-timeout MS    how long a write waits for another process's write lock before
                       ingest answers 503 with Retry-After (default 5000)
  --config FILE        alert channels (default ./driftbook.config.json, if present)
  --keep-reports N     stored run reports kept per workbook (default 50)
  --keep-reports-days D
                       also delete stored reports older than D days (default: no age limit)
  --git-author "NAME <EMAIL>"
                       author of commits made in the editor when git config has none
  --data-run-interval S
                       the default \`every\` of workbooks with \`on: data\`: run each at most
                       once every S seconds on new data (default 60)
  --notify-expire DURATION
                       give up a notification not delivered within this time (default 24h)
  --notify-backoff S   wait before retrying a failed delivery; it doubles after each failure,
                       up to 5 minutes (default 1)
  --demo               seed the demo model "credit" when the database has no models,
                       and keep logging ${DEMO_STREAM_PER_SECOND} of its predictions a second while serving;
                       alerts to the channel "${DEMO_CHANNEL}" go to alerts.log beside the database
                       unless the config file defines that channel

Environment:
  DRIFTBOOK_TOKEN      the editors' token: every page, API and WebSocket then asks for it
                       (required to bind an address other than 127.0.0.1)
  DRIFTBOOK_INGEST_TOKEN
                       a token that may only log predictions, labels and reference sets`;

export async function serve(args: string[]): Promise<number> {
  const { values } = parseCommandArgs(
    args,
    {
      port: { type: "string" },
      host: { type: "string" },
      "allowed-hosts": { type: "string" },
      "public-url": { type: "string" },
      "trust-proxy": { type: "string" },
      "auth-proxy-header": { type: "string" },
      workbooks: { type: "string" },
      "server-name": { type: "string" },
      ...CELL_OPTIONS,
      "idle-close": { type: "string" },
      db: { type: "string" },
      "check-db": { type: "string" },
      "max-body": { type: "string" },
      "busy-timeout": { type: "string" },
      demo: { type: "boolean" },
      config: { type: "string" },
      "keep-reports": { type: "string" },
      "keep-reports-days": { type: "string" },
      "data-run-interval": { type: "string" },
      "git-author": { type: "string" },
      "notify-expire": { type: "string" },
      "notify-backoff": { type: "string" },
    },
    USAGE,
  );
  const port = values.port === undefined ? 3000 : Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535)
    throw new CliError(`--port must be a port number, got "${values.port}"`);
  const demo = values.demo ? demoChannels(databaseLocation(values.db)) : undefined;
  const server = await startServer({
    port,
    host: values.host,
    allowedHosts: listOption(values["allowed-hosts"]),
    publicUrl: values["public-url"],
    trustProxy: listOption(values["trust-proxy"]),
    authProxyHeader: values["auth-proxy-header"],
    workbooksDir: values.workbooks ?? "workbooks",
    serverName: values["server-name"],
    dbPath: values.db,
    checkDb: checkOption(values["check-db"]),
    configPath: values.config,
    defaultChannels: demo,
    maxBodyBytes: megabytesOption("max-body", values["max-body"], DEFAULT_MAX_BODY_BYTES),
    busyTimeoutMs: countOption("busy-timeout", values["busy-timeout"]),
    keepReports: countOption("keep-reports", values["keep-reports"]),
    keepReportsDays: positiveOption("keep-reports-days", values["keep-reports-days"], "number of days"),
    dataRunIntervalMs: secondsOption("data-run-interval", values["data-run-interval"], DEFAULT_DATA_RUN_INTERVAL_MS),
    idleCloseMs: secondsOption("idle-close", values["idle-close"], DEFAULT_IDLE_CLOSE_MS),
    gitAuthor: authorOption(values["git-author"]),
    notify: {
      expireMs: durationOption("notify-expire", values["notify-expire"], DEFAULT_EXPIRE_MS),
      backoff: { firstMs: secondsOption("notify-backoff", values["notify-backoff"], DEFAULT_BACKOFF.firstMs) },
    },
    auth: { token: envToken("DRIFTBOOK_TOKEN"), ingestToken: envToken("DRIFTBOOK_INGEST_TOKEN") },
    hostOptions: cellHostOptions(values),
  }).catch((error: NodeJS.ErrnoException) => {
    if (error.code === "EADDRINUSE") throw new CliError(`port ${port} is in use; choose another with --port`);
    if (error instanceof StartError || error instanceof ConfigError) throw new CliError(error.message);
    throw error;
  });
  for (const model of markModelsWithoutProfiles(server.store.db)) {
    console.log(`The profiles of model ${model} need a rebuild: run \`driftbook profile rebuild ${model}\``);
  }
  const stopped = new AbortController();
  let streaming: Promise<unknown> | undefined;
  if (demo) {
    const channel = demo[DEMO_CHANNEL] as Extract<ChannelConfig, { type: "log" }>;
    console.log(
      `The demo's alerts to the channel "${DEMO_CHANNEL}" go to ${channel.path}, unless the config defines it`,
    );
    if (server.store.models().length === 0) {
      const seeded = seedDemo(server.store);
      if (seeded)
        console.log(
          `Seeded the demo model credit: ${seeded.predictionRows} predictions over ${DEMO_HISTORY_DAYS} days, ${seeded.referenceRows} reference rows`,
        );
    }
    const token = envToken("DRIFTBOOK_INGEST_TOKEN") ?? envToken("DRIFTBOOK_TOKEN");
    streaming = streamDemo({
      url: server.url,
      token,
      perSecond: DEMO_STREAM_PER_SECOND,
      signal: stopped.signal,
      onError: (error) => console.error(`demo stream: ${error.message}`),
    });
  }
  console.log(`Driftbook is serving ${values.workbooks ?? "workbooks"} at ${server.url}`);
  await new Promise<void>((resolve) => {
    process.once("SIGINT", resolve);
    process.once("SIGTERM", resolve);
  });
  stopped.abort();
  await streaming;
  await server.close();
  return 0;
}

/** `--check-db quick|full|off`: how much of the database to check before serving. */
function checkOption(value: string | undefined): DatabaseCheck | undefined {
  if (value === undefined) return undefined;
  const check = DATABASE_CHECKS.find((name) => name === value);
  if (!check) throw new CliError(`--check-db takes ${DATABASE_CHECKS.join(", ")}; got "${value}"`);
  return check;
}

/** A comma-separated option's values. */
function listOption(value: string | undefined): string[] | undefined {
  return value
    ?.split(",")
    .map((item) => item.trim())
    .filter(Boolean);
}

/** A token from the environment; an empty variable counts as unset. */
function envToken(name: string): string | undefined {
  return process.env[name] || undefined;
}

/** `--git-author "Ada Lovelace <ada@example.com>"` as a commit author. */
function authorOption(value: string | undefined): GitAuthor | undefined {
  if (value === undefined) return undefined;
  const match = /^\s*([^<>]+?)\s*<([^<>\s]+)>\s*$/.exec(value);
  if (!match) throw new CliError(`--git-author takes "Name <email>", got "${value}"`);
  return { name: match[1], email: match[2] };
}
