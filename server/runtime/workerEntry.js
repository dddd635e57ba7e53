// The fallback worker script, used only when the runtime worker cannot be bundled (see
// workerBundle.ts). A worker process does not inherit the TypeScript loader of the process
// that started it (tsx under `npm start`, vite under vitest; cellProcess.ts sets its flags), so
// it registers tsx itself, then loads the runtime worker written in TypeScript.
import { register } from "tsx/esm/api";

register();
await import("./worker.ts");
