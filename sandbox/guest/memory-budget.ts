// The task's memory budget. A phase's `memory` is what the whole task may
// hold, as a Manta zone's memory cap covers all of its processes: the linear
// memories of every program of the task that is alive at the same moment
// (the stages of a pipeline) count together. A program leaves the budget when
// it ends, so `a; b` gives each the whole budget in turn.
//
// /tmp is not counted: it has its own bound (the phase's `disk`) and lives in
// storage past RESIDENT_BYTES of isolate memory (scratch.ts), so a program that
// spills to /tmp, as sort does, is not charged twice for the same data.

/** A running program's share: its linear memory's current size. */
export interface MemoryHolder {
  bytes(): number;
}

export class MemoryBudget {
  private readonly holders = new Set<MemoryHolder>();

  constructor(readonly limitBytes: number) {}

  join(holder: MemoryHolder): void {
    this.holders.add(holder);
  }

  /** Called when a program ends, before anything is awaited: the budget must not wait on cleanup. */
  leave(holder: MemoryHolder): void {
    this.holders.delete(holder);
  }

  /** Whether `holder` may hold `bytes` in all, next to what the other live programs hold now. */
  allows(holder: MemoryHolder, bytes: number): boolean {
    let used = bytes;
    for (const h of this.holders) if (h !== holder) used += h.bytes();
    return used <= this.limitBytes;
  }
}
