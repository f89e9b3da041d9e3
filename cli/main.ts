// `mobula`: what the Manta CLI lacks — operator commands (accounts and keys, language runtimes).
// Every failure prints one `mobula: …` line and exits 1.
import { accountAdd, accountKeyAdd, accountKeyRemove, accountList, HELP } from "./commands/account.ts";
import { CliError } from "./errors.ts";
import { runtimeCommand } from "./commands/runtime.ts";

const TOP = `Usage: mobula <command>

Commands:
  account add LOGIN --key PATH.pub       create an account with an SSH public key
  account list                           list accounts and key fingerprints
  account key add LOGIN --key PATH.pub   add a key to an account
  account key remove LOGIN FINGERPRINT   remove a key
  runtime list                           language runtimes (ruby) and what is installed
  runtime install NAME [--file F]        install one into the server's storage

Environment:
  MANTA_URL              the server (default http://localhost:8080)
  MOBULA_OPERATOR_TOKEN  the operator token, else read from
  MOBULA_STATE           <this folder, default ./.mobula>/operator-token
  MANTA_TLS_INSECURE=1   accept a self-signed certificate (MOBULA_TLS=1 servers)

Run \`mobula <command> --help\` for details. Object commands are the Manta CLI's (mls, mput…).`;

type Command = (argv: string[]) => Promise<void>;
const isHelp = (arg: string | undefined) => arg === undefined || arg === "--help" || arg === "-h" || arg === "help";

function route(argv: string[]): { run: Command; rest: string[] } | string {
  const [group, verb, sub] = argv;
  if (isHelp(group)) return TOP;
  if (group === "runtime") return { run: runtimeCommand, rest: argv.slice(1) };
  if (group !== "account") throw new CliError(`unknown command ${JSON.stringify(group)}\n\n${TOP}`);
  if (isHelp(verb)) return HELP.account;
  if (verb === "add") return { run: accountAdd, rest: argv.slice(2) };
  if (verb === "list" || verb === "ls") return { run: accountList, rest: argv.slice(2) };
  if (verb === "key") {
    if (isHelp(sub)) return HELP.account;
    if (sub === "add") return { run: accountKeyAdd, rest: argv.slice(3) };
    if (sub === "remove" || sub === "rm") return { run: accountKeyRemove, rest: argv.slice(3) };
    throw new CliError(`unknown command "account key ${sub}"\n\n${HELP.account}`);
  }
  throw new CliError(`unknown command "account ${verb}"\n\n${HELP.account}`);
}

export async function main(argv: string[]): Promise<number> {
  try {
    const routed = route(argv);
    if (typeof routed === "string") process.stdout.write(`${routed}\n`);
    else await routed.run(routed.rest);
    return 0;
  } catch (err) {
    if (err instanceof CliError) process.stderr.write(`mobula: ${err.message}\n`);
    else process.stderr.write(`mobula: unexpected error: ${(err as Error).stack ?? String(err)}\n`);
    return 1;
  }
}
