import { describe, expect, it } from "vitest";
import { MantaError, STATUS, toMantaError, type MantaCode } from "../../core/errors.ts";

describe("the error taxonomy", () => {
  it("gives every Manta code a 4xx or 5xx status and a JSON body with code and message", () => {
    for (const code of Object.keys(STATUS) as MantaCode[]) {
      const e = new MantaError(code, "why");
      expect(e.status).toBeGreaterThanOrEqual(400);
      expect(e.toJSON()).toEqual({ code, message: "why" });
      expect(e.name).toBe(`${code}Error`);
    }
  });

  it("keeps authentication failures at 401/403", () => {
    for (const code of ["InvalidSignature", "KeyDoesNotExist", "InvalidKeyId", "AccountDoesNotExist", "RequestExpired", "InvalidQueryStringAuthentication", "AuthorizationFailed"] as const) {
      expect([401, 403]).toContain(STATUS[code]);
    }
  });

  it("turns unknown errors into InternalError without echoing them", () => {
    const e = toMantaError(new Error("secret detail"));
    expect(e.code).toBe("InternalError");
    expect(e.message).not.toContain("secret");
  });

  it("restores a failure that crossed an RPC boundary as data", () => {
    expect(toMantaError({ code: "DirectoryNotEmpty", message: "x is not empty" }).status).toBe(400);
  });
});
