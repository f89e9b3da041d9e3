import { describe, expect, it } from "vitest";
import { mediaType } from "../../core/mime.ts";

describe("content types given as an extension", () => {
  it("keeps a type/subtype value as it is", () => {
    expect(mediaType("text/plain; charset=utf-8")).toBe("text/plain; charset=utf-8");
    expect(mediaType("application/x-json-stream; type=directory")).toBe("application/x-json-stream; type=directory");
  });
  it("maps a bare extension, a dotted one or a file name to its MIME type, as muskie's mime.lookup did", () => {
    expect(mediaType("jpg")).toBe("image/jpeg");
    expect(mediaType(".JPG")).toBe("image/jpeg");
    expect(mediaType("photo.png")).toBe("image/png");
    expect(mediaType("txt")).toBe("text/plain");
  });
  it("stores what it does not know as application/octet-stream", () => {
    expect(mediaType("nosuchext")).toBe("application/octet-stream");
    expect(mediaType("jpg; charset=x")).toBe("application/octet-stream");
  });
});
