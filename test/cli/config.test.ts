import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { resolveToken, resolveUrl } from "../../cli/config.ts";

describe("finding the server and the operator token", () => {
  it("defaults MANTA_URL to http://localhost:8080 and, like the Manta CLI, adds https:// to a bare host", () => {
    expect(resolveUrl(undefined, {}).href).toBe("http://localhost:8080/");
    expect(resolveUrl(undefined, { MANTA_URL: "manta.example.com" }).href).toBe("https://manta.example.com/");
    expect(resolveUrl("http://h:1", { MANTA_URL: "http://ignored" }).href).toBe("http://h:1/");
  });

  it("prefers MOBULA_OPERATOR_TOKEN, else reads <MOBULA_STATE>/operator-token", () => {
    const state = fs.mkdtempSync(path.join(os.tmpdir(), "mobula-cli-state-"));
    fs.writeFileSync(path.join(state, "operator-token"), "from-file-token\n");
    expect(resolveToken({ MOBULA_STATE: state })).toBe("from-file-token");
    expect(resolveToken({ MOBULA_STATE: state, MOBULA_OPERATOR_TOKEN: "from-env" })).toBe("from-env");
  });

  it("explains where it looked when there is no token", () => {
    const state = fs.mkdtempSync(path.join(os.tmpdir(), "mobula-cli-empty-"));
    expect(() => resolveToken({ MOBULA_STATE: state })).toThrow(path.join(state, "operator-token"));
  });
});
