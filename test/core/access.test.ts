import { describe, expect, it } from "vitest";
import { canAccess, canRead, canWrite } from "../../core/access.ts";

describe("who may touch a path", () => {
  it("an account reads and writes its own namespace", () => {
    expect(canRead("alice", "/alice/stor/x")).toBe(true);
    expect(canWrite("alice", "/alice/stor/x")).toBe(true);
    expect(canWrite("alice", "/alice/public/x")).toBe(true);
  });

  it("anyone reads /LOGIN/public, nobody else writes it", () => {
    expect(canRead("alice", "/bob/public/x")).toBe(true);
    expect(canRead(null, "/bob/public/x")).toBe(true);
    expect(canWrite("alice", "/bob/public/x")).toBe(false);
    expect(canWrite(null, "/bob/public/x")).toBe(false);
  });

  it("another account's private trees are closed, whatever the top directory", () => {
    for (const top of ["stor", "jobs", "reports", "uploads"]) {
      expect(canRead("alice", `/bob/${top}/x`)).toBe(false);
      expect(canRead(null, `/bob/${top}/x`)).toBe(false);
    }
  });

  it("a method reads or writes", () => {
    expect(canAccess("alice", "/bob/public/x", "GET")).toBe(true);
    expect(canAccess("alice", "/bob/public/x", "head")).toBe(true);
    expect(canAccess("alice", "/bob/public/x", "PUT")).toBe(false);
    expect(canAccess("alice", "/bob/public/x", "DELETE")).toBe(false);
  });

  it("a path that names no account is nobody's", () => {
    expect(canRead("alice", "/")).toBe(false);
    expect(canRead(null, "")).toBe(false);
    expect(canWrite("", "/")).toBe(false);
  });
});
