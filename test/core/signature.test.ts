import { describe, expect, it } from "vitest";
import { checkClockSkew, parseAuthorization, parsePresigned, rfc3986, signedDateHeader } from "../../core/signature.ts";

describe("HTTP Signature parsing", () => {
  it("reads node-manta's Authorization header", () => {
    const p = parseAuthorization('Signature keyId="/alice/keys/1a:2b",algorithm="rsa-sha256",headers="date",signature="c2ln"');
    expect(p.keyId).toEqual({ login: "alice", fingerprint: "1a:2b" });
    expect(p.algorithm).toEqual({ key: "rsa", hash: "sha256" });
    expect(p.headers).toEqual(["date"]);
  });
  it("maps each malformed header onto its Manta code", () => {
    const cases: Array<[string, string]> = [
      ['Basic dXNlcjpwYXNz', "AuthorizationSchemeNotAllowed"],
      ['Signature keyId="/alice/keys/fp",algorithm="dsa-md5",signature="x"', "InvalidAlgorithm"],
      ['Signature keyId="alice",algorithm="rsa-sha256",signature="x"', "InvalidKeyId"],
      ['Signature keyId="/alice/keys/fp",algorithm="rsa-sha256"', "InvalidHeader"],
      ["Signature", "InvalidHeader"],
    ];
    for (const [header, code] of cases) expect(() => parseAuthorization(header), header).toThrowError(expect.objectContaining({ code }));
  });
  it("allows 300 seconds of clock skew and no more", () => {
    const now = Date.parse("2026-11-25T00:00:00Z");
    expect(() => checkClockSkew(new Date(now - 299_000).toUTCString(), now)).not.toThrow();
    expect(() => checkClockSkew(new Date(now + 301_000).toUTCString(), now)).toThrowError(expect.objectContaining({ code: "RequestExpired", status: 403 }));
    expect(() => checkClockSkew(undefined, now)).toThrowError(expect.objectContaining({ code: "InvalidHeader" }));
  });
});

describe("presigned URLs", () => {
  const q = { algorithm: "RSA-SHA256", expires: "2000000000", keyId: "/alice/keys/aa:bb", signature: "sig" };
  it("rebuilds the string smartdc-auth signs, sorted and RFC 3986 encoded", () => {
    const p = parsePresigned(q, "GET", "localhost:8080", "/alice/stor/x", Date.parse("2026-01-01"));
    expect(p.signingString).toBe("GET\nlocalhost:8080\n/alice/stor/x\nalgorithm=RSA-SHA256&expires=2000000000&keyId=%2Falice%2Fkeys%2Faa%3Abb");
  });
  it("refuses expired URLs, unsigned methods and missing parameters", () => {
    expect(() => parsePresigned(q, "GET", "h", "/p", 2_000_000_001_000)).toThrowError(/expired/);
    expect(() => parsePresigned({ ...q, method: "GET" }, "PUT", "h", "/p", 0)).toThrowError(/PUT was not a signed method/);
    expect(() => parsePresigned({ expires: "1" }, "GET", "h", "/p", 0)).toThrowError(/are required/);
  });
  it("escapes the characters encodeURIComponent leaves alone", () => {
    expect(rfc3986("a!'()*b")).toBe("a%21%27%28%29%2Ab");
  });
});

describe("the signed date", () => {
  const sig = (headers: string) => `Signature keyId="/alice/keys/aa:bb",algorithm="ed25519-sha512",headers="${headers}",signature="c2ln"`;

  it("must be among the signed headers", () => {
    expect(() => parseAuthorization(sig(""))).toThrow(/date/);
    expect(() => parseAuthorization(sig("x-foo host"))).toThrow(/date/);
    expect(parseAuthorization(sig("date")).headers).toEqual(["date"]);
  });

  it("is x-date when x-date is signed, else date", () => {
    expect(signedDateHeader(["date", "x-date"])).toBe("x-date");
    expect(signedDateHeader(["(request-target)", "date"])).toBe("date");
    expect(signedDateHeader(["host"])).toBeNull();
  });
});
