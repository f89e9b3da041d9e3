// What a running server looks like from the outside, as any local user could see it: its
// processes' command lines and the TCP ports they listen on (Linux /proc).
import fs from "node:fs";

export interface ProcessInfo {
  pid: number;
  cmdline: string; // arguments joined by spaces
}

function read(file: string): string | null {
  try {
    return fs.readFileSync(file, "utf8");
  } catch {
    return null; // gone, or not ours to read
  }
}

export function allProcesses(): ProcessInfo[] {
  const out: ProcessInfo[] = [];
  for (const name of fs.readdirSync("/proc")) {
    if (!/^\d+$/.test(name)) continue;
    const cmdline = read(`/proc/${name}/cmdline`);
    if (cmdline !== null) out.push({ pid: Number(name), cmdline: cmdline.split("\0").join(" ").trim() });
  }
  return out;
}

/** The processes in a process group (the e2e harness starts each server as its own group). */
export function groupProcesses(pgid: number): ProcessInfo[] {
  return allProcesses().filter((p) => {
    const stat = read(`/proc/${p.pid}/stat`);
    return stat !== null && Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[2]) === pgid;
  });
}

export interface Listener {
  address: string; // as in /proc/net/tcp*: "127.0.0.1", "::1", "0.0.0.0", "::" …
  port: number;
  pid: number;
}

function parseAddress(hex: string, v6: boolean): string {
  if (!v6) return hex.match(/../g)!.reverse().map((b) => parseInt(b, 16)).join(".");
  const words = hex.match(/.{8}/g)!.map((w) => w.match(/../g)!.reverse().join(""));
  const groups = words.join("").match(/.{4}/g)!.map((g) => parseInt(g, 16).toString(16));
  return groups.join(":").replace(/(^|:)0(:0)+(:|$)/, "::");
}

/** TCP sockets in LISTEN state owned by the given processes. */
export function listeners(pids: number[]): Listener[] {
  const inodes = new Map<string, number>();
  for (const pid of pids) {
    let fds: string[] = [];
    try {
      fds = fs.readdirSync(`/proc/${pid}/fd`);
    } catch {
      continue;
    }
    for (const fd of fds) {
      try {
        const m = /^socket:\[(\d+)\]$/.exec(fs.readlinkSync(`/proc/${pid}/fd/${fd}`));
        if (m) inodes.set(m[1], pid);
      } catch {
        // closed meanwhile
      }
    }
  }
  const out: Listener[] = [];
  for (const [file, v6] of [["/proc/net/tcp", false], ["/proc/net/tcp6", true]] as const) {
    for (const line of (read(file) ?? "").split("\n").slice(1)) {
      const f = line.trim().split(/\s+/);
      if (f.length < 10 || f[3] !== "0A") continue; // 0A = LISTEN
      const pid = inodes.get(f[9]);
      if (pid === undefined) continue;
      const [addr, port] = f[1].split(":");
      out.push({ address: parseAddress(addr, v6), port: parseInt(port, 16), pid });
    }
  }
  return out;
}
