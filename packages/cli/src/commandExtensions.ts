import type { Command } from 'commander';
import type { GlobalOptions } from './runtime.js';

/**
 * Packages that add commands to `reparam` when they are installed beside it. The project's
 * experiments (`reparam bench aggregation|search|proxy|paper`) live in the private
 * `@reparam/experiments`, so the published CLI carries none of their code.
 */
const COMMAND_EXTENSIONS = ['@reparam/experiments'] as const;

/** What a command extension module exports. */
export interface CommandExtension {
  addCommands(program: Command, globals: () => GlobalOptions): void;
}

function isNotInstalled(err: unknown, specifier: string): boolean {
  const e = err as { code?: string; message?: string };
  // Only the extension itself missing is silent; a dependency missing inside it is a real error.
  return e?.code === 'ERR_MODULE_NOT_FOUND' && typeof e.message === 'string' && e.message.includes(`'${specifier}'`);
}

/** Adds the commands of every installed extension to `program`. */
export async function addCommandExtensions(program: Command): Promise<void> {
  for (const specifier of COMMAND_EXTENSIONS) {
    let extension: CommandExtension;
    try {
      extension = (await import(specifier)) as CommandExtension;
    } catch (err) {
      if (isNotInstalled(err, specifier)) continue;
      throw err;
    }
    extension.addCommands(program, () => program.opts<GlobalOptions>());
  }
}
