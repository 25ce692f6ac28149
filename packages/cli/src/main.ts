import { isReparamError } from '@reparam/core';
import { CommanderError } from 'commander';
import { createFullProgram } from './program.js';
import { UsageError } from './UsageError.js';

/** Exit codes: 0 success, 1 a runtime error (one line says what), 2 a usage error (bad flags), 70 a bug. */
export const EXIT = { ok: 0, runtime: 1, usage: 2, internal: 70 } as const;

/** With `--json`, an error is also printed on stdout as this object, for scripts that drive the CLI. */
function printJsonError(argv: readonly string[], code: keyof typeof EXIT, message: string): void {
  if (argv.includes('--json')) console.log(JSON.stringify({ error: { message, code } }));
}

/**
 * Runs the CLI on `argv` (as `process.argv`) and resolves to the exit code. Usage errors (unknown
 * command or flag, a value a flag's parser refuses, or — checked once plugins are loaded — a backend
 * or registry id that is not there) give 2 after their message; user errors
 * print one line `reparam: <message>` and give 1; anything else is a bug and prints as such (with
 * the stack only under REPARAM_DEBUG=1) and gives 70. With `--json`, every error is also printed on
 * stdout as `{"error": {"message", "code"}}` (code `usage`, `runtime` or `internal`).
 */
export async function main(argv: readonly string[]): Promise<number> {
  try {
    await (await createFullProgram()).parseAsync([...argv]);
    return typeof process.exitCode === 'number' ? process.exitCode : 0;
  } catch (err) {
    if (err instanceof CommanderError) {
      // commander already printed its message (or the help, or the version).
      if (err.exitCode === 0) return EXIT.ok;
      printJsonError(argv, 'usage', err.message.replace(/^error: /, ''));
      return EXIT.usage;
    }
    if (err instanceof UsageError) {
      console.error(`reparam: ${err.message}`);
      printJsonError(argv, 'usage', err.message);
      return EXIT.usage;
    }
    if (isReparamError(err)) {
      console.error(`reparam: ${err.message}`);
      printJsonError(argv, 'runtime', err.message);
      return EXIT.runtime;
    }
    const e = err as Error;
    console.error(`reparam: internal error: ${e?.message ?? String(err)} (set REPARAM_DEBUG=1 for details)`);
    printJsonError(argv, 'internal', `internal error: ${e?.message ?? String(err)}`);
    if (process.env.REPARAM_DEBUG === '1') console.error(e?.stack);
    return EXIT.internal;
  }
}
