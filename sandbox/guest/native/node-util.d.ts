// The part of node:util the guest runtime uses (json -i prints with util.inspect, as json
// does; the isolate runs with nodejs_compat, whose inspect is a port of Node's).
declare module "node:util" {
  export function inspect(value: unknown, showHidden?: boolean, depth?: number | null, colors?: boolean): string;
}
