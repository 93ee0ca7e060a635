import { parseArgs } from 'node:util';

type Options = Record<string, { type: 'string' | 'boolean'; short?: string; multiple?: boolean }>;
type Value<O extends Options[string]> = O['type'] extends 'boolean' ? boolean : string;
type Values<T extends Options> = { [K in keyof T]?: T[K]['multiple'] extends true ? Value<T[K]>[] : Value<T[K]> };

/** Parse argv, or print the usage and exit 2 on an unknown or malformed option. */
export function cliArgs<T extends Options>(usage: string, options: T, argv = process.argv.slice(2)): { values: Values<T>; positionals: string[] } {
  // `npm run <cli> -w packages/model` runs inside the package; paths on the command line are the caller's.
  if (process.env.INIT_CWD) process.chdir(process.env.INIT_CWD);
  try {
    const all: Options = { ...options, help: { type: 'boolean', short: 'h' } };
    const parsed = parseArgs({ args: argv, options: all, allowPositionals: true });
    if ((parsed.values as { help?: boolean }).help) {
      console.log(usage);
      process.exit(0);
    }
    return { values: parsed.values as Values<T>, positionals: parsed.positionals };
  } catch (e) {
    fail(`${(e as Error).message}\n\n${usage}`, 2);
  }
}

/** A number option within bounds, or exit with a message naming it. */
export function numberArg(name: string, value: string | undefined, fallback: number, min: number, max: number): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!Number.isFinite(n) || n < min || n > max) fail(`--${name} must be a number from ${min} to ${max}, got "${value}".`, 2);
  return n;
}

export function fail(message: string, code = 1): never {
  console.error(`error: ${message}`);
  process.exit(code);
}

/** An error as one line for a person: its message, never a stack. */
export function oneLine(e: unknown): string {
  return (e instanceof Error ? e.message : String(e)).split('\n')[0]!;
}
