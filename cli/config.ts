// Where the server is and how to prove we are its operator.
import fs from "node:fs";
import path from "node:path";
import { CliError } from "./errors.ts";

export interface Target {
  url: URL;
  token: string;
  insecure: boolean; // MANTA_TLS_INSECURE: accept a self-signed certificate
}

export function resolveUrl(flag: string | undefined, env: NodeJS.ProcessEnv): URL {
  const raw = flag ?? env.MANTA_URL ?? "http://localhost:8080";
  try {
    // Like the Manta CLI: a value without a scheme means https.
    return new URL(/^https?:\/\//i.test(raw) ? raw : `https://${raw}`);
  } catch {
    throw new CliError(`MANTA_URL ${JSON.stringify(raw)} is not a URL`);
  }
}

export function resolveToken(env: NodeJS.ProcessEnv): string {
  const fromEnv = env.MOBULA_OPERATOR_TOKEN?.trim();
  if (fromEnv) return fromEnv;
  const file = path.resolve(env.MOBULA_STATE ?? ".mobula", "operator-token");
  try {
    const token = fs.readFileSync(file, "utf8").trim();
    if (token) return token;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== "ENOENT") throw new CliError(`cannot read ${file}: ${(err as Error).message}`);
  }
  throw new CliError(
    `no operator token: ${file} does not exist. Run this where \`npm start\` keeps its state ` +
      "(.mobula/), or set MOBULA_STATE to that folder, or MOBULA_OPERATOR_TOKEN to the token.",
  );
}

export function resolveTarget(urlFlag: string | undefined, env: NodeJS.ProcessEnv = process.env): Target {
  const insecure = env.MANTA_TLS_INSECURE !== undefined && env.MANTA_TLS_INSECURE !== "" && env.MANTA_TLS_INSECURE !== "0";
  return { url: resolveUrl(urlFlag, env), token: resolveToken(env), insecure };
}
