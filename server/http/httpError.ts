/** An error an HTTP handler throws to answer with `status` and a message naming what to fix. */
export class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly details: { field?: string; row?: number; line?: number } = {},
  ) {
    super(message);
  }
}
