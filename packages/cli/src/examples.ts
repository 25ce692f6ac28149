import type { Command } from 'commander';

const EXAMPLES = Symbol('reparam.examples');

/**
 * Ends `command`'s `--help` with these example invocations (1–3, the common ones first) and keeps
 * them on the command for the generated CLI reference.
 */
export function withExamples(command: Command, examples: readonly string[]): Command {
  Object.defineProperty(command, EXAMPLES, { value: examples });
  return command.addHelpText('after', `\nExamples:\n${examples.map((e) => `  $ ${e}`).join('\n')}\n`);
}

/** The examples {@link withExamples} gave a command (none when it gave none). */
export function examplesOf(command: Command): readonly string[] {
  return (command as unknown as Record<symbol, readonly string[] | undefined>)[EXAMPLES] ?? [];
}
