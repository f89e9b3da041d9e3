// Human output: aligned tables and the lines to paste into a shell.
import type { KeyInfo } from "./admin-client.ts";

export function table(header: string[], rows: string[][]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? "").length)));
  const line = (cells: string[]) => cells.map((c, i) => (i === cells.length - 1 ? c : c.padEnd(widths[i]))).join("  ");
  return [line(header), ...rows.map(line)].join("\n");
}

export function describeKey(key: KeyInfo): string {
  return [`  type    ${key.type}`, `  MD5     ${key.md5}`, `  SHA256  ${key.sha256}`].join("\n");
}

/** The three variables the Manta CLI needs. MANTA_KEY_ID is the MD5 form, as keyIds use. */
export function exportLines(url: URL, login: string, key: KeyInfo): string {
  return [
    "To use it with the Manta CLI (the private key must be in ~/.ssh or your ssh-agent):",
    `  export MANTA_URL=${url.origin}`,
    `  export MANTA_USER=${login}`,
    `  export MANTA_KEY_ID=${key.md5}`,
  ].join("\n");
}
