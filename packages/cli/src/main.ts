import { isReparamError } from '@reparam/core';
import { CommanderError } from 'commander';
import { createFullProgram } from './program.js';

/** Exit codes: 0 success, 1 a runtime error (one line says what), 2 a usage error (bad flags), 70 a bug. */
export const EXIT = { ok: 0, runtime: 1, usage: 2, internal: 70 } as const;

/**
 * Runs the CLI on `argv` (as `process.argv`) and resolves to the exit code. Usage errors (unknown
 * command or flag, a value a flag's parser refuses) give 2 after commander's message; user errors
 * print one line `reparam: <message>` and give 1; anything else is a bug and prints as such (with
 * the stack only under REPARAM_DEBUG=1) and gives 70.
 */
export async function main(argv: readonly string[]): Promise<number> {
  try {
    await (await createFullProgram()).parseAsync([...argv]);
    return typeof process.exitCode === 'number' ? process.exitCode : 0;
  } catch (err) {
    if (err instanceof CommanderError) {
      // commander already printed its message (or the help, or the version).
      return err.exitCode === 0 ? EXIT.ok : EXIT.usage;
    }
    if (isReparamError(err)) {
      console.error(`reparam: ${err.message}`);
      return EXIT.runtime;
    }
    const e = err as Error;
    console.error(`reparam: internal error: ${e?.message ?? String(err)} (set REPARAM_DEBUG=1 for details)`);
    if (process.env.REPARAM_DEBUG === '1') console.error(e?.stack);
    return EXIT.internal;
  }
}
