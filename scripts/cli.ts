/**
 * The scripts' argument layer: parse, refuse unknown options and bad values, and on any mistake
 * print ONE line (what is wrong and the usage) and exit with code 2 — never a stack trace, and
 * always before any work is done.
 */
import { parseArgs, type ParseArgsConfig } from "node:util";

/** A bad command line: the message is the one line the user sees. */
export class UsageError extends Error {}

type Options = NonNullable<ParseArgsConfig["options"]>;

/** parseArgs in strict mode, with its errors turned into UsageError (one line, no trace). */
export function parseCommandLine<O extends Options>(
  args: string[],
  options: O,
  allowPositionals = false,
) {
  try {
    return parseArgs({ args, options, allowPositionals, strict: true });
  } catch (error) {
    // node:util's messages are good but span lines: join them into one.
    const text = error instanceof Error ? error.message : String(error);
    throw new UsageError(text.split("\n").map((l) => l.trim()).join(" ").replace(/\.$/, ""));
  }
}

/** `value` of option `--name` as a positive integer (1, 2, …), or `fallback` when absent. */
export function positiveInteger(name: string, value: string | undefined, fallback: number): number {
  return integerAtLeast(name, value, fallback, 1, "a positive integer");
}

/** `value` of option `--name` as an integer ≥ 0, or `fallback` when absent. */
export function nonNegativeInteger(
  name: string,
  value: string | undefined,
  fallback: number,
): number {
  return integerAtLeast(name, value, fallback, 0, "an integer ≥ 0");
}

function integerAtLeast(
  name: string,
  value: string | undefined,
  fallback: number,
  min: number,
  what: string,
): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (value.trim() === "" || !Number.isInteger(n) || n < min) {
    throw new UsageError(`--${name} must be ${what}, got "${value}"`);
  }
  return n;
}

/** `value` of option `--name`, which must be one of `choices`. */
export function oneOf<T extends string>(name: string, value: string, choices: readonly T[]): T {
  if (!(choices as readonly string[]).includes(value)) {
    throw new UsageError(`--${name} must be one of ${choices.join(", ")}, got "${value}"`);
  }
  return value as T;
}

/**
 * Runs a script's `main`; a UsageError becomes one line on stderr, "usage: …" after it, and
 * exit code 2. Other errors propagate as they are (they are bugs, and their trace helps).
 */
export async function runCommand(usage: string, main: () => Promise<number | void>) {
  try {
    const code = await main();
    Deno.exit(code ?? 0);
  } catch (error) {
    exitWithUsage(error, usage);
  }
}

/**
 * For scripts written as top-level code: runs `read` (which parses and checks the arguments) and
 * returns what it returns; a UsageError becomes one `error:` line, the usage, and exit code 2.
 */
export function readCommandLine<T>(usage: string, read: () => T): T {
  try {
    return read();
  } catch (error) {
    exitWithUsage(error, usage);
  }
}

/** A UsageError ends the script: one `error:` line, the usage, exit code 2; anything else rethrown. */
function exitWithUsage(error: unknown, usage: string): never {
  if (!(error instanceof UsageError)) throw error;
  console.error(`error: ${error.message}\n${usage}`);
  Deno.exit(2);
}
