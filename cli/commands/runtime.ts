// `mobula runtime …`: install the language runtimes tasks run (`ruby -e …` in a job) into a
// server's storage. They are too large for the Worker bundle (sandbox/runtimes/catalog.ts);
// `npm start` installs the ones from node_modules itself, a deployment runs this once.
import { createHash } from "node:crypto";
import fs from "node:fs";
import { createRequire } from "node:module";
import { parseArgs } from "node:util";
import { request } from "../admin-client.ts";
import { resolveTarget, type Target } from "../config.ts";
import { CliError } from "../errors.ts";
import { table } from "../output.ts";
import { RuntimeInfoSchema, RuntimeListSchema } from "../../core/wire/runtimes.ts";
import { RUNTIMES, runtimeSpec, type RuntimeSpec } from "../../sandbox/runtimes/catalog.ts";

export const HELP = `Usage: mobula runtime <command>

Commands:
  list                        the runtimes this server knows and what is installed
  install NAME [--file F]     install NAME (${Object.keys(RUNTIMES).join(", ")}) from its npm package,
                              or from the WASI module in F

Options:
  --url URL   the server (default: $MANTA_URL, else http://localhost:8080)
  --json      print JSON instead of text
  -h, --help  this help

A task can run an installed runtime by name when its exec line names it (\`ruby -ne …\`).
\`npm start\` installs them for you; the operator token is found as for \`mobula account\`.`;

const OPTIONS = { url: { type: "string" }, file: { type: "string" }, json: { type: "boolean" }, help: { type: "boolean", short: "h" } } as const;

/** The module `install` sends by default: the catalogue's file of its npm package. */
export function packagedModule(spec: RuntimeSpec): string {
  const require = createRequire(import.meta.url);
  try {
    return require.resolve(`${spec.npmPackage}/${spec.npmFile}`); // the package exports its .wasm files
  } catch {
    throw new CliError(`${spec.npmPackage} is not installed here (npm install), or give --file`);
  }
}

const sha256 = (bytes: Buffer) => createHash("sha256").update(bytes).digest("hex");

/** Installs `spec` from `file` unless the server has those very bytes; true if it sent them. */
export async function installRuntime(target: Target, spec: RuntimeSpec, file: string): Promise<boolean> {
  const bytes = fs.readFileSync(file);
  const { runtimes } = await request(target, "GET", "/_mobula/runtimes", RuntimeListSchema);
  if (runtimes.find((r) => r.name === spec.name)?.installed?.sha256 === sha256(bytes)) return false;
  await request(target, "PUT", `/_mobula/runtimes/${spec.name}`, RuntimeInfoSchema, bytes);
  return true;
}

export async function runtimeCommand(argv: string[]): Promise<void> {
  let parsed;
  try {
    parsed = parseArgs({ args: argv, options: OPTIONS, allowPositionals: true });
  } catch (err) {
    throw new CliError(`${(err as Error).message}\n\n${HELP}`);
  }
  const [verb, name, ...extra] = parsed.positionals;
  if (parsed.values.help || !verb) return void process.stdout.write(`${HELP}\n`);
  const target = resolveTarget(parsed.values.url);
  if (verb === "list" || verb === "ls") {
    const list = await request(target, "GET", "/_mobula/runtimes", RuntimeListSchema);
    const rows = list.runtimes.map((r) => [r.name, r.installed ? `${(r.installed.size / 1e6).toFixed(1)} MB` : "not installed", r.installed?.sha256.slice(0, 16) ?? "-"]);
    process.stdout.write(parsed.values.json ? `${JSON.stringify(list, null, 2)}\n` : `${table(["NAME", "INSTALLED", "SHA256"], rows)}\n`);
    return;
  }
  if (verb !== "install") throw new CliError(`unknown command "runtime ${verb}"\n\n${HELP}`);
  if (!name || extra.length) throw new CliError(`expected: install NAME\n\n${HELP}`);
  const spec = runtimeSpec(name);
  if (!spec) throw new CliError(`no runtime named ${name} (known: ${Object.keys(RUNTIMES).join(", ")})`);
  const file = parsed.values.file ?? packagedModule(spec);
  const sent = await installRuntime(target, spec, file);
  process.stdout.write(sent ? `Installed ${spec.name} from ${file}\n` : `${spec.name} is installed already (same module)\n`);
}
