// The shell's loop hook (core/shell InterpreterOptions.tick) for a task: a loop of builtins runs
// no program, so nothing else would ever yield the thread or notice a kill. Each iteration
// pays LOOP_FUEL from the task's budget (so such a loop still dies at the CPU limit) and
// every YIELD_EVERY iterations yields to the event loop, as the fuel hook does.
import type { TaskContext } from "./context.ts";

const LOOP_FUEL = 1_000;
const YIELD_EVERY = 256;

export function loopTick(ctx: () => TaskContext | null): () => Promise<void> {
  let n = 0;
  return async () => {
    const c = ctx();
    if (!c) return;
    c.check();
    c.spend(LOOP_FUEL);
    if (++n % YIELD_EVERY === 0) {
      await new Promise((r) => setTimeout(r, 0));
      await c.pollCancel();
      c.check();
    }
  };
}
