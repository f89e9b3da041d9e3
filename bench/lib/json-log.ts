/**
 * About `size` bytes of JSON access-log lines (whole lines only), seeded so every run is the
 * same, and the count of each status, so a job's `sort | uniq -c` can be checked exactly.
 */
import { Readable } from "node:stream";

export function jsonLogBody(size: number): { body: Readable; counts: Map<number, number> } {
  let seed = 7;
  const rand = (n: number) => {
    seed = (seed * 1103515245 + 12345) % 2 ** 31;
    return seed % n;
  };
  const paths = ["/index.html", "/api/v1/items", "/static/app.js", "/login", "/search?q=manta", "/img/logo.png"];
  const statuses = [200, 200, 200, 200, 304, 404, 500, 201];
  const counts = new Map<number, number>();
  let t = Date.UTC(2026, 10, 25);
  let left = size;
  const body = new Readable({
    read() {
      if (left <= 0) return this.push(null);
      const lines: string[] = [];
      for (let i = 0; i < 8192 && left > 0; i++) {
        t += rand(2000);
        const status = statuses[rand(statuses.length)]!;
        const line = `{"time":"${new Date(t).toISOString()}","ip":"10.${rand(256)}.${rand(256)}.${rand(256)}","method":"GET","path":"${paths[rand(paths.length)]}","status":${status},"bytes":${rand(100000)},"ms":${rand(5000)},"req":"${rand(2 ** 30).toString(16)}"}\n`;
        lines.push(line);
        left -= line.length;
        counts.set(status, (counts.get(status) ?? 0) + 1);
      }
      this.push(Buffer.from(lines.join("")));
    },
  });
  return { body, counts };
}
