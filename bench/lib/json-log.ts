/**
 * About `size` bytes of JSON access-log lines (whole lines only), seeded so every run is the
 * same, and the count of each status, so a job's `sort | uniq -c` can be checked exactly.
 */
import { Readable } from "node:stream";
import { LOG_PATHS, LOG_STATUSES, seededRandom } from "./measure.ts";

export function jsonLogBody(size: number): { body: Readable; counts: Map<number, number> } {
  const rand = seededRandom(7);
  const counts = new Map<number, number>();
  let t = Date.UTC(2026, 10, 25);
  let left = size;
  const body = new Readable({
    read() {
      if (left <= 0) return this.push(null);
      const lines: string[] = [];
      for (let i = 0; i < 8192 && left > 0; i++) {
        t += rand(2000);
        const status = LOG_STATUSES[rand(LOG_STATUSES.length)]!;
        const line = `{"time":"${new Date(t).toISOString()}","ip":"10.${rand(256)}.${rand(256)}.${rand(256)}","method":"GET","path":"${LOG_PATHS[rand(LOG_PATHS.length)]}","status":${status},"bytes":${rand(100000)},"ms":${rand(5000)},"req":"${rand(2 ** 30).toString(16)}"}\n`;
        lines.push(line);
        left -= line.length;
        counts.set(status, (counts.get(status) ?? 0) + 1);
      }
      this.push(Buffer.from(lines.join("")));
    },
  });
  return { body, counts };
}
