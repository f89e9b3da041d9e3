// A user whose requests the test signs itself (HTTP Signature over `date`, Ed25519), for
// raw-socket requests that the Manta CLI cannot send (malformed or cut-short ones).
import type { MobulaServer } from "./server.ts";
import { holdKey } from "./keyholder.ts";

export interface Signer {
  login: string;
  /** `date` and `authorization` headers as raw HTTP header lines (CRLF-terminated). */
  headers(): string;
}

export async function makeSigner(server: MobulaServer, login: string): Promise<Signer> {
  const key = await holdKey(server, login);
  return {
    login,
    headers() {
      const date = new Date().toUTCString();
      return `Date: ${date}\r\nAuthorization: ${key.authorization({ date })}\r\n`;
    },
  };
}
