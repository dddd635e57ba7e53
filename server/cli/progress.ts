/**
 * A progress line on stderr for long CLI jobs (`driftbook log`, `driftbook profile rebuild`,
 * `driftbook replay`): rows (or steps) done and the share of the input read, rewritten in place.
 */

/** The progress line on stderr, rewritten after each chunk (of a file larger than one chunk, of a table). */
export class Progress {
  private shown = false;

  constructor(
    private readonly verb: string,
    private readonly enabled: boolean,
    /** What the share is of. */
    private readonly whole = "the file",
    /** What is counted. */
    private readonly unit = "rows",
  ) {}

  show(done: number, share: number): void {
    if (!this.enabled) return;
    const percent = Math.min(100, Math.floor(share * 100));
    process.stderr.write(`\r${this.verb}: ${done.toLocaleString("en")} ${this.unit}, ${percent}% of ${this.whole}`);
    this.shown = true;
  }

  /** Ends the line, with `next` (what happens now) when given. */
  end(next?: string): void {
    if (this.shown) process.stderr.write(next ? `; ${next}\n` : "\n");
    this.shown = false;
  }
}
