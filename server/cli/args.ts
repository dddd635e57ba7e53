/**
 * Argument parsing shared by the subcommands: node:util's parseArgs with the usage on an error and
 * for `--help`, and checked number, size and duration options.
 */
import { parseArgs, type ParseArgsConfig } from "node:util";
import { parseDuration } from "../protocol/duration.ts";
import { CliError, EXIT } from "./cliError.ts";

type Options = NonNullable<ParseArgsConfig["options"]>;
type Values<O extends Options> = {
  [K in keyof O]?: O[K]["type"] extends "boolean" ? boolean : O[K]["multiple"] extends true ? string[] : string;
};

/**
 * Parses a subcommand's arguments with node:util, turning its errors into a CliError that
 * shows the command's usage, and answering `--help` with that usage.
 */
export function parseCommandArgs<O extends Options>(
  args: string[],
  options: O,
  usage: string,
): { values: Values<O>; positionals: string[] } {
  let parsed;
  try {
    parsed = parseArgs({
      args,
      options: { ...options, help: { type: "boolean", short: "h" } },
      allowPositionals: true,
      strict: true,
    });
  } catch (error) {
    throw new CliError(`${(error as Error).message}\n\n${usage}`);
  }
  if ((parsed.values as { help?: boolean }).help) throw new CliError(usage, EXIT.ok);
  return { values: parsed.values as Values<O>, positionals: parsed.positionals };
}

/** Reads a positive number given on the command line as `--name`; `what` says its unit in the error. */
export function positiveOption(name: string, value: string | undefined, what: string): number | undefined {
  if (value === undefined) return undefined;
  const number = Number(value);
  if (!Number.isFinite(number) || number <= 0)
    throw new CliError(`--${name} must be a positive ${what}, got "${value}"`);
  return number;
}

/** Reads a positive number of seconds given on the command line, in milliseconds. */
export function secondsOption(name: string, value: string | undefined, fallbackMs: number): number {
  const seconds = positiveOption(name, value, "number of seconds");
  return seconds === undefined ? fallbackMs : seconds * 1000;
}

/** Reads a positive number of megabytes given on the command line, in bytes. */
export function megabytesOption(name: string, value: string | undefined, fallbackBytes: number): number {
  const megabytes = positiveOption(name, value, "number of megabytes");
  return megabytes === undefined ? fallbackBytes : Math.round(megabytes * 1024 * 1024);
}

/** Reads a positive whole number given on the command line. */
export function countOption(name: string, value: string | undefined): number | undefined {
  const count = positiveOption(name, value, "whole number");
  if (count !== undefined && !Number.isInteger(count))
    throw new CliError(`--${name} must be a positive whole number, got "${value}"`);
  return count;
}

/** Reads a positive duration given on the command line (`90s`, `30m`, `24h`, `7d`), in milliseconds. */
export function durationOption(name: string, value: string | undefined, fallbackMs: number): number {
  if (value === undefined) return fallbackMs;
  let ms: number;
  try {
    ms = parseDuration(value);
  } catch {
    ms = 0;
  }
  if (!(ms > 0)) throw new CliError(`--${name} must be a duration such as 30m, 24h or 7d, got "${value}"`);
  return ms;
}
