// `mobula account …`: register accounts and their SSH keys with a running server.
import { parseArgs } from "node:util";
import { ApiError, request, type Account, type KeyInfo } from "../admin-client.ts";
import { resolveTarget } from "../config.ts";
import { CliError } from "../errors.ts";
import { describeKey, exportLines, table } from "../output.ts";
import { readPublicKey, type PublicKey } from "../public-key.ts";
import { AccountInfoSchema, AccountListSchema } from "../../core/wire/accounts.ts";

const COMMON = `
Options:
  --url URL   the server (default: $MANTA_URL, else http://localhost:8080)
  --json      print JSON instead of text
  -h, --help  this help

The operator token comes from $MOBULA_OPERATOR_TOKEN, else from
<$MOBULA_STATE or ./.mobula>/operator-token (written by \`npm start\`).`;

export const HELP = {
  account: `Usage: mobula account <command>

Commands:
  add LOGIN --key PATH.pub               create an account with one SSH public key
  list                                   list accounts and their key fingerprints
  key add LOGIN --key PATH.pub           add another key to an account
  key remove LOGIN FINGERPRINT           remove a key (MD5 aa:bb:… or SHA256:… form)

Run \`mobula account <command> --help\` for details.`,
  add: `Usage: mobula account add LOGIN --key PATH.pub

Creates the account LOGIN, with the SSH public key in PATH.pub (ed25519, RSA or ECDSA),
and prints the key's fingerprints and the MANTA_* variables to export. Fails if LOGIN
exists already: use \`mobula account key add\` to give it another key.
${COMMON}`,
  list: `Usage: mobula account list

Lists every account with its keys (type, MD5 and SHA256 fingerprints).
${COMMON}`,
  keyAdd: `Usage: mobula account key add LOGIN --key PATH.pub

Adds the SSH public key in PATH.pub to the existing account LOGIN.
${COMMON}`,
  keyRemove: `Usage: mobula account key remove LOGIN FINGERPRINT

Removes the key with that fingerprint (MD5 "aa:bb:…" or "SHA256:…") from LOGIN.
${COMMON}`,
};

const OPTIONS = {
  url: { type: "string" },
  key: { type: "string" },
  json: { type: "boolean" },
  help: { type: "boolean", short: "h" },
} as const;

function parse(argv: string[], positionals: string[], help: string, needKey: boolean) {
  let parsed;
  try {
    parsed = parseArgs({ args: argv, options: OPTIONS, allowPositionals: true });
  } catch (err) {
    throw new CliError(`${(err as Error).message}\n\n${help}`);
  }
  if (parsed.values.help) return { help: true as const };
  if (parsed.positionals.length !== positionals.length) {
    throw new CliError(`expected ${positionals.join(" ")}, got ${parsed.positionals.length ? parsed.positionals.join(" ") : "nothing"}\n\n${help}`);
  }
  if (needKey && !parsed.values.key) throw new CliError(`--key PATH.pub is required\n\n${help}`);
  return { help: false as const, args: parsed.positionals, ...parsed.values };
}

function print(json: boolean, data: unknown, text: string): void {
  process.stdout.write(json ? `${JSON.stringify(data, null, 2)}\n` : `${text}\n`);
}

/** The server's entry for the key just sent (matched on the locally computed fingerprint). */
function sentKey(account: Account, key: PublicKey): KeyInfo {
  return account.keys.find((k) => k.md5 === key.md5) ?? { md5: key.md5, sha256: key.sha256, type: key.type };
}

export async function accountAdd(argv: string[]): Promise<void> {
  const o = parse(argv, ["LOGIN"], HELP.add, true);
  if (o.help) return void process.stdout.write(`${HELP.add}\n`);
  const [login] = o.args;
  const key = readPublicKey(o.key!);
  const target = resolveTarget(o.url);
  let account: Account;
  try {
    account = await request(target, "POST", "/_mobula/accounts", AccountInfoSchema, { login, key: key.line });
  } catch (err) {
    if (err instanceof ApiError && err.status === 409) {
      throw new CliError(`account ${login} already exists; to give it this key: mobula account key add ${login} --key ${o.key}`);
    }
    throw err;
  }
  const added = sentKey(account, key);
  print(o.json ?? false, { login: account.login, key: added, keys: account.keys }, [
    `Created account ${account.login} with key ${added.type}${key.comment ? ` (${key.comment})` : ""}`,
    describeKey(added),
    "",
    exportLines(target.url, account.login, added),
  ].join("\n"));
}

export async function accountList(argv: string[]): Promise<void> {
  const o = parse(argv, [], HELP.list, false);
  if (o.help) return void process.stdout.write(`${HELP.list}\n`);
  const { accounts } = await request(resolveTarget(o.url), "GET", "/_mobula/accounts", AccountListSchema);
  const rows = accounts.flatMap((a) => (a.keys.length ? a.keys.map((k) => [a.login, k.type, k.md5, k.sha256]) : [[a.login, "-", "-", "-"]]));
  print(o.json ?? false, { accounts }, accounts.length ? table(["LOGIN", "TYPE", "MD5", "SHA256"], rows) : "No accounts yet: add one with `mobula account add LOGIN --key PATH.pub`.");
}

export async function accountKeyAdd(argv: string[]): Promise<void> {
  const o = parse(argv, ["LOGIN"], HELP.keyAdd, true);
  if (o.help) return void process.stdout.write(`${HELP.keyAdd}\n`);
  const [login] = o.args;
  const key = readPublicKey(o.key!);
  const target = resolveTarget(o.url);
  const account = await request(target, "POST", `/_mobula/accounts/${encodeURIComponent(login)}/keys`, AccountInfoSchema, { key: key.line });
  const added = sentKey(account, key);
  print(o.json ?? false, { login: account.login, key: added, keys: account.keys }, [
    `Added key ${added.type}${key.comment ? ` (${key.comment})` : ""} to ${account.login}`,
    describeKey(added),
    "",
    exportLines(target.url, account.login, added),
  ].join("\n"));
}

export async function accountKeyRemove(argv: string[]): Promise<void> {
  const o = parse(argv, ["LOGIN", "FINGERPRINT"], HELP.keyRemove, false);
  if (o.help) return void process.stdout.write(`${HELP.keyRemove}\n`);
  const [login, fingerprint] = o.args;
  const path = `/_mobula/accounts/${encodeURIComponent(login)}/keys/${encodeURIComponent(fingerprint)}`;
  await request(resolveTarget(o.url), "DELETE", path, null);
  print(o.json ?? false, { login, removed: fingerprint }, `Removed key ${fingerprint} from ${login}`);
}
