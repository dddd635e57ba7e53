// The fallback parser thread script, used only when the parser thread cannot be bundled (see
// server/runtime/workerBundle.ts): a worker thread does not inherit the TypeScript loader of the
// thread that started it, so it registers tsx itself, then loads the thread written in TypeScript.
import { register } from "tsx/esm/api";

register();
await import("./parserThread.ts");
