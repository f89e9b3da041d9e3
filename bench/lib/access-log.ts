/** A deterministic web access log: varied lines, so grep, awk, sort and uniq do real work. */

/** `size` bytes of combined-log-format lines (a Zipf-like spread of 2,000 paths). */
export function accessLog(size: number): Buffer {
  const out = Buffer.alloc(size);
  let seed = 42;
  const rand = () => ((seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) / 2 ** 32);
  const methods = ["GET", "GET", "GET", "POST", "PUT", "HEAD"];
  let off = 0;
  for (let i = 0; off < size; i++) {
    const path = `/stor/photos/img${Math.floor(2000 * rand() ** 3)}.jpg`;
    const ip = `10.${i % 7}.${Math.floor(rand() * 256)}.${Math.floor(rand() * 256)}`;
    const line = `${ip} - - [25/Nov/2026:00:${String(Math.floor(i / 60) % 60).padStart(2, "0")}:${String(i % 60).padStart(2, "0")} +0000] "${methods[Math.floor(rand() * methods.length)]} ${path} HTTP/1.1" ${rand() < 0.9 ? 200 : 404} ${Math.floor(rand() * 100000)} "-" "curl/7.88"\n`;
    off += out.write(line, off);
  }
  return out;
}
