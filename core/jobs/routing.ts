/**
 * Which reducer an output goes to. An explicit choice (msplit, `mpipe -r`) wins;
 * otherwise a stable hash of the output name, so a re-delivered result lands on
 * the same reducer it did the first time.
 */

function fnv1a(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h >>> 0;
}

export type Routed = { ok: true; reducer: number } | { ok: false; message: string };

export function routeToReducer(key: string, count: number, explicit: number | null): Routed {
  if (explicit !== null) {
    if (!Number.isInteger(explicit) || explicit < 0 || explicit >= count) {
      return { ok: false, message: `reducer ${explicit} is out of range: the next phase has ${count} reducer${count === 1 ? "" : "s"}` };
    }
    return { ok: true, reducer: explicit };
  }
  return { ok: true, reducer: fnv1a(key) % count };
}
