#!/usr/bin/env node
// `npm run bench`: loads the TypeScript bench through tsx (a devDependency).
import { register } from "tsx/esm/api";

register();
await import("./main.ts");
