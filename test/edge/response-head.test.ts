// Reading the Worker's answer head and chunked bodies (edge/response-head.ts), byte for byte.
import { describe, expect, it } from "vitest";
import { ChunkedBody, parseHead, UpstreamProtocolError } from "../../edge/response-head.ts";

const head = (text: string, method = "GET") => parseHead(Buffer.from(text, "latin1"), method);

describe("parseHead", () => {
  it("waits for the blank line, then reads status, headers and size", () => {
    expect(head("HTTP/1.1 200 OK\r\ncontent-length: 5\r\n")).toBeNull();
    const got = head("HTTP/1.1 200 OK\r\nContent-Length: 5\r\nX-A:  b c \r\n\r\nhello")!;
    expect(got.head).toEqual({ status: 200, statusMessage: "OK", rawHeaders: ["Content-Length", "5", "X-A", "b c"], framing: { kind: "length", length: 5 }, keepAlive: true });
    expect(got.size).toBe("HTTP/1.1 200 OK\r\nContent-Length: 5\r\nX-A:  b c \r\n\r\n".length);
  });

  it("knows the answers that have no body", () => {
    expect(head("HTTP/1.1 200 OK\r\ncontent-length: 9\r\n\r\n", "HEAD")!.head.framing).toEqual({ kind: "none" });
    expect(head("HTTP/1.1 304 Not Modified\r\ncontent-length: 9\r\n\r\n")!.head.framing).toEqual({ kind: "none" });
    expect(head("HTTP/1.1 204 No Content\r\n\r\n")!.head.framing).toEqual({ kind: "none" });
    expect(head("HTTP/1.1 200 OK\r\ncontent-length: 0\r\n\r\n")!.head.framing).toEqual({ kind: "none" });
    expect(head("HTTP/1.1 103 Early Hints\r\n\r\n")!.head.framing).toEqual({ kind: "none" });
  });

  it("reads chunked and close-delimited framings, and when a connection may be kept", () => {
    expect(head("HTTP/1.1 200 OK\r\ntransfer-encoding: chunked\r\n\r\n")!.head).toMatchObject({ framing: { kind: "chunked" }, keepAlive: true });
    expect(head("HTTP/1.1 200 OK\r\ntransfer-encoding: chunked\r\ncontent-length: 3\r\n\r\n")!.head).toMatchObject({ framing: { kind: "chunked" }, keepAlive: false });
    expect(head("HTTP/1.1 200 OK\r\n\r\n")!.head).toMatchObject({ framing: { kind: "eof" }, keepAlive: false });
    expect(head("HTTP/1.1 200 OK\r\ncontent-length: 3\r\nconnection: close\r\n\r\n")!.head.keepAlive).toBe(false);
    expect(head("HTTP/1.0 200 OK\r\ncontent-length: 3\r\n\r\n")!.head.keepAlive).toBe(false);
    expect(head("HTTP/1.1 200 OK\r\ncontent-length: 3\r\ncontent-length: 3\r\n\r\n")!.head.framing).toEqual({ kind: "length", length: 3 });
  });

  it("refuses what it cannot read exactly", () => {
    for (const bad of [
      "HTTP/2 200 OK\r\n\r\n",
      "HTTP/1.1 20 OK\r\n\r\n",
      "HTTP/1.1 200 OK\r\nno colon\r\n\r\n",
      "HTTP/1.1 200 OK\r\n folded: x\r\n\r\n",
      "HTTP/1.1 200 OK\r\ncontent-length: 3\r\ncontent-length: 4\r\n\r\n",
      "HTTP/1.1 200 OK\r\ncontent-length: -1\r\n\r\n",
      "HTTP/1.1 101 Switching Protocols\r\n\r\n",
    ]) {
      expect(() => head(bad), bad).toThrow(UpstreamProtocolError);
    }
    expect(() => parseHead(Buffer.alloc(300 * 1024, 97), "GET")).toThrow(UpstreamProtocolError);
  });
});

describe("ChunkedBody", () => {
  const wire = Buffer.from("3;ext=1\r\nabc\r\n1\r\nd\r\nA\r\n0123456789\r\n0\r\nx-t: 1\r\n\r\nNEXT");
  const body = "abcd0123456789";

  it("decodes a body fed at once, or a byte at a time, and says where it ended", () => {
    const whole: Buffer[] = [];
    const end = new ChunkedBody().feed(wire, (p) => whole.push(p));
    expect(Buffer.concat(whole).toString()).toBe(body);
    expect(wire.subarray(end).toString()).toBe("NEXT");

    const decoder = new ChunkedBody();
    const bytes: Buffer[] = [];
    let at = -1;
    for (let i = 0; i < wire.length && at < 0; i++) {
      if (decoder.feed(wire.subarray(i, i + 1), (p) => bytes.push(p)) >= 0) at = i;
    }
    expect(Buffer.concat(bytes).toString()).toBe(body);
    expect(decoder.done).toBe(true);
    expect(wire.subarray(at + 1).toString()).toBe("NEXT");
  });

  it("refuses a malformed chunk", () => {
    expect(() => new ChunkedBody().feed(Buffer.from("zz\r\n"), () => {})).toThrow(UpstreamProtocolError);
    expect(() => new ChunkedBody().feed(Buffer.from("3\r\nabcX"), () => {})).toThrow(UpstreamProtocolError);
    expect(() => new ChunkedBody().feed(Buffer.from("3\nabc"), () => {})).toThrow(UpstreamProtocolError);
  });
});
