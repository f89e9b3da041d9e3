#!/usr/bin/env node
// `npm start`: runs `wrangler dev` behind the thin local edge. The launcher is TypeScript,
// loaded through tsx (a devDependency) so it shares the edge's types; see launch/main.ts.
import { register } from "tsx/esm/api";

register();
await import("./launch/main.ts");
