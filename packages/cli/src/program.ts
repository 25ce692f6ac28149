import { Command } from 'commander';
import { addBenchCommand } from './commands/benchCommand.js';
import { addExportCommand } from './commands/exportCommand.js';
import { addFuseCommand } from './commands/fuseCommand.js';
import { addListCommand } from './commands/listCommand.js';
import { addOpsCommand } from './commands/opsCommand.js';
import { addTrainCommand } from './commands/trainCommand.js';
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
  addListCommand(program, globals, 'backbones', 'backbone', 'backbone');
  addListCommand(program, globals, 'datasets', 'dataset', 'dataset loader');
  addListCommand(program, globals, 'presets', 'preset', 'genome preset');
  addTrainCommand(program, globals);
  addFuseCommand(program, globals);
  addExportCommand(program, globals);
  addBenchCommand(program, globals);
  return program;
}
