// Hand-written HTTP/1.1 against a running server, for requests no client library would send.
import { expect } from "vitest";
import { raw, type RawResponse } from "../../edge/fixtures.ts";
import type { MobulaServer } from "./server.ts";
import type { Signer } from "./signer.ts";

export function expectError(res: RawResponse, status: number, code: string): void {
  expect(res.status, res.body).toBe(status);
  expect(JSON.parse(res.body)).toMatchObject({ code });
}

/** `host()` is the Host line for `server`; `get(path)` a signed GET that closes its connection. */
export function rawClient(server: () => MobulaServer, signer: () => Signer) {
  const host = () => `Host: localhost:${server().port}\r\n`;
  const get = (path: string): Promise<RawResponse> => raw(server().port, `GET ${path} HTTP/1.1\r\n${host()}${signer().headers()}Connection: close\r\n\r\n`);
  return { host, get };
}
