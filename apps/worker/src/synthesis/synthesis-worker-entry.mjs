// Worker threads do not inherit the TypeScript loader the main thread got from
// tsx (through `tsx/esm/api` in bin/myoscope.js, the tsx CLI or vitest), so each
// thread registers it before importing the TypeScript worker body.
import { register } from "tsx/esm/api";

register();
await import("./synthesis-worker.ts");
