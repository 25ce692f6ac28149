import { Command } from 'commander';
import { addOpsCommand } from './commands/opsCommand.js';
import { addVerifyFusionCommand } from './commands/verifyFusionCommand.js';
import { collectStrings } from './options.js';
import type { GlobalOptions } from './runtime.js';

/** The `reparam` command with every subcommand; `bin.ts` runs it. */
export function createProgram(): Command {
  const program = new Command('reparam')
    .description('Search re-parameterization branches for ResNet-style networks and fold them into plain convolutions.')
    .option('--plugin <module>', 'load a plugin module (package name or path; repeatable)', collectStrings)
    .option('--backend <name>', 'tfjs backend (default: the best one available)')
    .showHelpAfterError('(run with --help for usage)')
    .exitOverride();
  const globals = () => program.opts<GlobalOptions>();
  addOpsCommand(program, globals);
  addVerifyFusionCommand(program, globals);
  return program;
}
