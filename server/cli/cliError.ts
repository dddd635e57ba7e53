/** Exit codes of the `driftbook` command, shared by every subcommand. */
export const EXIT = { ok: 0, alertFiring: 1, failed: 2 } as const;

/** An error the CLI prints as a message (no stack) before exiting with `exitCode`. */
export class CliError extends Error {
  constructor(
    message: string,
    readonly exitCode: number = EXIT.failed,
  ) {
    super(message);
  }
}
