import { describe, expect, it } from "vitest";
import { LineDiscipline, onlcr, type TtyEvent } from "../../../core/terminal/line-discipline.ts";
import { parseClientMessage } from "../../../core/mlogin/protocol.ts";

const type = (ld: LineDiscipline, keys: string): TtyEvent[] => ld.feed(new TextEncoder().encode(keys));
const lines = (events: TtyEvent[]) => events.flatMap((e) => (e.kind === "line" ? [e.text] : []));
const echo = (events: TtyEvent[]) => events.flatMap((e) => (e.kind === "echo" ? [e.text] : [])).join("");

describe("LineDiscipline", () => {
  it("echoes and cooks a line on Enter (CR, LF or CR LF)", () => {
    const ld = new LineDiscipline();
    const ev = type(ld, "ls -l\r");
    expect(echo(ev)).toBe("ls -l\r\n");
    expect(ev.at(-1)).toEqual({ kind: "line", text: "ls -l", newline: true });
    expect(lines(type(ld, "a\r\nb\n"))).toEqual(["a", "b"]);
  });

  it("edits: backspace, Ctrl-U, Ctrl-W", () => {
    const ld = new LineDiscipline();
    const ev = type(ld, "echo nope\x15echo one twx\x7fo thre\x17three\r");
    expect(lines(ev)).toEqual(["echo one two three"]);
    expect(echo(ev)).toContain("\b \b");
  });

  it("Ctrl-C discards the line and interrupts; Ctrl-D is EOF only on an empty line", () => {
    const ld = new LineDiscipline();
    const ev = type(ld, "half\x03");
    expect(ev.at(-1)).toEqual({ kind: "interrupt" });
    expect(echo(ev)).toContain("^C\r\n");
    expect(type(ld, "\x04")).toEqual([{ kind: "eof" }]);
    expect(type(ld, "abc\x04").at(-1)).toEqual({ kind: "line", text: "abc", newline: false });
  });

  it("walks the history with up and down, and swallows other escape sequences", () => {
    const ld = new LineDiscipline();
    ld.remember("first");
    ld.remember("second");
    expect(lines(type(ld, "\x1b[A\x1b[A\r"))).toEqual(["first"]);
    expect(lines(type(ld, "dra\x1b[A\x1b[Bft\r"))).toEqual(["draft"]);
    expect(lines(type(ld, "x\x1b[C\x1b[1;5Dy\r"))).toEqual(["xy"]);
    ld.historyEnabled = false;
    expect(lines(type(ld, "\x1b[Az\r"))).toEqual(["z"]);
  });

  it("decodes UTF-8 split across reads", () => {
    const ld = new LineDiscipline();
    const bytes = new TextEncoder().encode("é\r");
    expect(ld.feed(bytes.subarray(0, 1))).toEqual([]);
    expect(lines(ld.feed(bytes.subarray(1)))).toEqual(["é"]);
  });
});

describe("onlcr", () => {
  it("turns LF into CR LF", () => {
    expect(new TextDecoder().decode(onlcr(new TextEncoder().encode("a\nb\n")))).toBe("a\r\nb\r\n");
  });
});

describe("parseClientMessage", () => {
  it("reads mlogin's start (interactive and -c) and resize", () => {
    const args = ["-i", "core", "-l", "child", "/bin/bash"];
    expect(parseClientMessage(`mlogin:${JSON.stringify({ type: "start", columns: 100, lines: 30, term: "xterm", arguments: [...args, "--norc"] })}`)).toEqual({ type: "start", columns: 100, lines: 30, term: "xterm", command: null });
    expect(parseClientMessage(`mlogin:${JSON.stringify({ type: "start", arguments: [...args, "-c", "wc -l x"] })}`)).toMatchObject({ command: "wc -l x", columns: 80, lines: 25 });
    expect(parseClientMessage('mlogin:{"type":"resize","columns":90,"lines":40}')).toEqual({ type: "resize", columns: 90, lines: 40 });
    expect(parseClientMessage("ping")).toBeNull();
    expect(parseClientMessage("mlogin:{bad")).toBeNull();
  });
});
