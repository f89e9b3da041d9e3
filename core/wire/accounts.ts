/** The operator API's answers (`/_mobula/accounts…`): written by AccountsDO, read by `npx mobula`. */
import { z } from "zod";

export const KeyInfoSchema = z.object({
  md5: z.string(), // "aa:bb:…" lowercase hex, as node-manta sends in keyId
  sha256: z.string(), // "SHA256:base64-without-padding", as ssh-keygen prints
  type: z.string(),
});
export type KeyInfo = z.infer<typeof KeyInfoSchema>;

export const AccountInfoSchema = z.object({ login: z.string(), keys: z.array(KeyInfoSchema) });
export type AccountInfo = z.infer<typeof AccountInfoSchema>;

export const AccountListSchema = z.object({ accounts: z.array(AccountInfoSchema) });
export type AccountList = z.infer<typeof AccountListSchema>;
