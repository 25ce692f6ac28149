import { isReparamError } from '@reparam/core';
import { CommanderError } from 'commander';
import { createProgram } from './program.js';

/**
 * Runs the CLI on `argv` (as `process.argv`) and resolves to the exit code. User errors print one
 * line `reparam: <message>` and give 1; anything else is a bug and prints as such (with the stack
 * only under REPARAM_DEBUG=1).
 */
export async function main(argv: readonly string[]): Promise<number> {
  try {
    await createProgram().parseAsync([...argv]);
    return typeof process.exitCode === 'number' ? process.exitCode : 0;
  } catch (err) {
    if (err instanceof CommanderError) return err.exitCode; // commander already printed its message
    if (isReparamError(err)) {
      console.error(`reparam: ${err.message}`);
      return 1;
    }
    const e = err as Error;
    console.error(`reparam: internal error: ${e?.message ?? String(err)} (set REPARAM_DEBUG=1 for details)`);
    if (process.env.REPARAM_DEBUG === '1') console.error(e?.stack);
    return 2;
  }
}
