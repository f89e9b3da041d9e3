/** An error meant for the operator's eyes: printed as `mobula: <message>`, exit status 1. */
export class CliError extends Error {}
