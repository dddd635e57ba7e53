// A worker thread does not inherit the TypeScript loader of the thread that started it (tsx
// under `npm start`, vite under vitest), so the worker registers tsx itself, then loads the
// runtime worker written in TypeScript.
import { register } from "tsx/esm/api";

register();
await import("./worker.ts");
