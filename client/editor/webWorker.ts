/**
 * Stands in for Monaco's `internal/common/workers.js` in the bundle (client/build.ts redirects
 * the language services' import of it here). The original imports every editor contribution
 * for its side effects, which would add ~180 kB gzipped of features the cell editors leave
 * out; this does the same job through the public API and `MonacoEnvironment.getWorker`.
 */
import { editor } from "monaco-editor/editor/editor.api.js";

interface WorkerOptions {
  label?: string;
  createData?: unknown;
  host?: Record<string, Function>;
  keepIdleModels?: boolean;
}

export function createWebWorker<T extends object>(options: WorkerOptions): editor.MonacoWebWorker<T> {
  const label = options.label ?? "monaco-editor-worker";
  const worker = Promise.resolve(self.MonacoEnvironment!.getWorker!("workerMain.js", label)).then((started) => {
    // Monaco's worker protocol: a first message wakes the worker, the second carries its data.
    started.postMessage("ignore");
    started.postMessage(options.createData);
    return started;
  });
  return editor.createWebWorker<T>({ worker, host: options.host, keepIdleModels: options.keepIdleModels });
}
