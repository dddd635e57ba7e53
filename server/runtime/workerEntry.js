// The fallback worker script, used only when the runtime worker cannot be bundled (see
// workerBundle.ts). A worker thread does not inherit the TypeScript loader of the thread that
// started it (tsx under `npm start`, vite under vitest), so it registers tsx itself, then loads
// the runtime worker written in TypeScript.
import { register } from "tsx/esm/api";

register();
await import("./worker.ts");
