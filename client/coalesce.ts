/**
 * Wraps `load` so overlapping calls never run it twice at once: a call made while it runs
 * gets the running promise and asks for one more run afterwards (many such calls, one run),
 * unless `stopped()` says the view is gone by then.
 */
export function coalesced(load: () => Promise<void>, stopped: () => boolean): () => Promise<void> {
  let running: Promise<void> | undefined;
  let again = false;
  const run = (): Promise<void> => {
    if (running) {
      again = true;
      return running;
    }
    running = load().finally(() => {
      running = undefined;
      if (again && !stopped()) {
        again = false;
        void run();
      }
    });
    return running;
  };
  return run;
}
