import { describe, expect, it } from "vitest";
import { raw, useEdgeInFrontOfFakeWorker } from "./fixtures.ts";

const ctx = useEdgeInFrontOfFakeWorker();

const names = (rawHeaders: string[]) => rawHeaders.filter((_, i) => i % 2 === 0).map((n) => n.toLowerCase());
const value = (rawHeaders: string[], name: string) => rawHeaders[rawHeaders.findIndex((n, i) => i % 2 === 0 && n.toLowerCase() === name) + 1];

describe("the edge answers Expect: 100-continue by asking the Worker first", () => {
  it("sends 100 after the Worker accepts, then streams the body through", async () => {
    const before = ctx.worker.seen.length;
    const res = await raw(
      ctx.edge.port,
      "PUT /u/stor/obj HTTP/1.1\r\nHost: h:8080\r\nContent-Length: 5\r\nExpect: 100-continue\r\nAuthorization: Signature x\r\nConnection: close\r\n\r\n",
      { onContinue: (socket) => socket.write("hello") },
    );
    expect(res.interim).toEqual([100]);
    expect(res.status).toBe(201);
    expect(res.headers["x-seen-bytes"]).toBe("5");

    const [preflight, real] = ctx.worker.seen.slice(before);
    expect(preflight.method).toBe("PUT");
    expect(preflight.url).toBe("/u/stor/obj");
    expect(value(preflight.rawHeaders, "x-mobula-preflight")).toBe("1");
    expect(value(preflight.rawHeaders, "x-mobula-content-length")).toBe("5");
    expect(value(preflight.rawHeaders, "authorization")).toBe("Signature x");
    expect(value(preflight.rawHeaders, "host")).toBe("h:8080");
    expect(names(preflight.rawHeaders)).not.toContain("expect");
    expect(preflight.bytes).toBe(0);

    expect(names(real.rawHeaders)).not.toContain("expect");
    expect(names(real.rawHeaders)).not.toContain("x-mobula-preflight");
    expect(real).toMatchObject({ bytes: 5, complete: true });
  });

  it("works for chunked uploads (no content-length), as `mput` from stdin sends them", async () => {
    const before = ctx.worker.seen.length;
    const res = await raw(ctx.edge.port, "PUT /u/stor/c HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\nExpect: 100-continue\r\nConnection: close\r\n\r\n", {
      onContinue: (socket) => socket.write("2\r\nhi\r\n0\r\n\r\n"),
    });
    expect(res.interim).toEqual([100]);
    expect(res.headers["x-seen-bytes"]).toBe("2");
    const [preflight] = ctx.worker.seen.slice(before);
    expect(names(preflight.rawHeaders)).not.toContain("x-mobula-content-length");
    expect(names(preflight.rawHeaders)).not.toContain("transfer-encoding");
  });

  it("sends the Worker's error instead of 100 and closes without reading the body", async () => {
    const before = ctx.worker.seen.length;
    let continued = false;
    const res = await raw(ctx.edge.port, "PUT /u/stor/missing/obj HTTP/1.1\r\nHost: h\r\nContent-Length: 5\r\nExpect: 100-continue\r\n\r\n", {
      onContinue: () => (continued = true),
    });
    expect(continued).toBe(false);
    expect(res.interim).toEqual([]);
    expect(res.status).toBe(404);
    expect(JSON.parse(res.body)).toEqual({ code: "DirectoryDoesNotExist", message: "/u/stor/missing does not exist" });
    expect(res.headers.connection).toBe("close");
    expect(res.closed).toBe(true);
    expect(ctx.worker.seen.slice(before)).toHaveLength(1); // the preflight only
  });

  it("strips a preflight header forged by the client", async () => {
    const before = ctx.worker.seen.length;
    const res = await raw(ctx.edge.port, "PUT /u/stor/f HTTP/1.1\r\nHost: h\r\nX-Mobula-Preflight: 1\r\nContent-Length: 2\r\nConnection: close\r\n\r\nok");
    expect(res.status).toBe(201);
    const [real] = ctx.worker.seen.slice(before);
    expect(names(real.rawHeaders)).not.toContain("x-mobula-preflight");
    expect(real.bytes).toBe(2);
  });
});
