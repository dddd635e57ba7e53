import { bench } from "vitest";

/**
 * Registers a side-by-side comparison as one vitest bench: `compare` runs every side itself
 * (so they share the machine's state) and prints figures and ratios.
 */
export function sideBySide(name: string, compare: () => Promise<void> | void): void {
  // An async function, so that tinybench knows it is one: it calls any other function once more
  // before each loop (warm-up and run) just to see whether it returns a promise, which would run
  // every comparison three times.
  const once = async () => {
    await compare();
  };
  bench(name, once, { iterations: 1, time: 0, warmupIterations: 0, warmupTime: 0 });
}

/** Milliseconds `run` takes, the median of `runs` runs after one warm-up. */
export async function medianMs(run: () => unknown, runs = 3): Promise<number> {
  await run();
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const start = performance.now();
    await run();
    times.push(performance.now() - start);
  }
  return times.sort((a, b) => a - b)[Math.floor(times.length / 2)];
}

export const formatRate = (rows: number, ms: number) => `${Math.round((rows / ms) * 1000).toLocaleString("en")} rows/s`;
