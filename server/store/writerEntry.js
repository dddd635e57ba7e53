// The fallback writer thread script, used only when the writer thread cannot be bundled (see
// server/runtime/workerBundle.ts). A worker thread does not inherit the TypeScript loader of the
// thread that started it, so it registers tsx itself, then loads the thread written in TypeScript.
import { register } from "tsx/esm/api";

register();
await import("./writerThread.ts");
