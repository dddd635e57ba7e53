/**
 * `--cell-user NAME`: where the server runs as root, its cell processes run as this
 * unprivileged user instead (the worker drops to it after loading its code, see
 * workerProcess.ts), so a workbook's code cannot act as root. Checked once at start, with a
 * message saying what is wrong, rather than failing in every cell later.
 */
import { execFileSync } from "node:child_process";
import type { CellUser } from "./messages.ts";

/** A `--cell-user` the server cannot use: it refuses to start. */
export class CellUserError extends Error {}

/** A POSIX user name (as useradd accepts them): no option or path can pass for one. */
const USER_NAME = /^[A-Za-z0-9_][A-Za-z0-9._-]*\$?$/;

export function resolveCellUser(name: string): CellUser {
  const uid = process.getuid?.();
  if (uid !== 0) {
    throw new CellUserError(
      `--cell-user needs the server to run as root, but it runs as uid ${uid}; cells already run as the server's own user`,
    );
  }
  if (!USER_NAME.test(name)) throw new CellUserError(`--cell-user takes a user name, got "${name}"`);
  const user = { name, uid: idOf(name, "-u"), gid: idOf(name, "-g") };
  if (user.uid === 0) throw new CellUserError(`--cell-user must name an unprivileged user, but ${name} has uid 0`);
  return user;
}

/** `id -u NAME` or `id -g NAME`, through an argument array (no shell). */
function idOf(name: string, flag: "-u" | "-g"): number {
  try {
    return Number(
      execFileSync("id", [flag, "--", name], { encoding: "utf8", stdio: ["ignore", "pipe", "ignore"] }).trim(),
    );
  } catch {
    throw new CellUserError(`--cell-user: no such user: ${name}`);
  }
}
