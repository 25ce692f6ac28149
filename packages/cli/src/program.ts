import { Command } from 'commander';
import { addCommandExtensions } from './commandExtensions.js';
import { applyConfig } from './config/applyConfig.js';
import { findConfigFile, readConfigFile } from './config/configFile.js';
import { addBenchCommand } from './commands/benchCommand.js';
import { addDashboardCommand } from './commands/dashboardCommand.js';
import { addEnvCommand } from './commands/envCommand.js';
import { reparamVersion } from './environment.js';
import { addInitCommand } from './commands/initCommand.js';
import { addExportCommand } from './commands/exportCommand.js';
import { addFuseCommand } from './commands/fuseCommand.js';
import { addListCommand } from './commands/listCommand.js';
import { addOpsCommand } from './commands/opsCommand.js';
import { addReportCommand } from './commands/reportCommand.js';
import { addSearchCommand } from './commands/searchCommand.js';
import { addTrainCommand } from './commands/trainCommand.js';
import { addVerifyFusionCommand } from './commands/verifyFusionCommand.js';
import { addVisualizeCommand } from './commands/visualizeCommand.js';
import { addWorkerCommand } from './commands/workerCommand.js';
import { addQueueCommand } from './commands/queueCommand.js';
import { collectStrings } from './options.js';
import type { GlobalOptions } from './runtime.js';

/** The `reparam` command with every subcommand; `bin.ts` runs it. */
export function createProgram(): Command {
  const program = new Command('reparam')
    .description('Search re-parameterization branches for ResNet-style networks and fold them into plain convolutions.')
    .option('--plugin <module>', 'load a plugin module (package name or path; repeatable)', collectStrings)
    .option('--backend <name>', 'tfjs backend (default: the best one available)')
    .option('--config <file>', 'settings file (default: reparam.config.json in the working directory, if any)')
    .version(reparamVersion(), '-V, --version', 'print the version of reparam')
    .showHelpAfterError('(run with --help for usage)')
    .exitOverride();
  const globals = () => program.opts<GlobalOptions>();
  // Settings from the config file fill in whatever the command line left unset.
  program.hook('preAction', (_program, action) => {
    if (action.name() === 'init' || action.name() === 'env') return;
    const file = findConfigFile(program.opts<{ config?: string }>().config, process.cwd());
    if (file) applyConfig(program, action, readConfigFile(file));
  });
  addInitCommand(program);
  addEnvCommand(program);
  addOpsCommand(program, globals);
  addVerifyFusionCommand(program, globals);
  addListCommand(program, globals, 'backbones', 'backbone', 'backbone');
  addListCommand(program, globals, 'datasets', 'dataset', 'dataset loader');
  addListCommand(program, globals, 'presets', 'preset', 'genome preset');
  addListCommand(program, globals, 'strategies', 'strategy', 'search strategy');
  addListCommand(program, globals, 'evaluators', 'evaluator', 'evaluator');
  addListCommand(program, globals, 'aggregations', 'aggregation', 'slot aggregation mode');
  addTrainCommand(program, globals);
  addSearchCommand(program, globals);
  addWorkerCommand(program, globals);
  addQueueCommand(program);
  addFuseCommand(program, globals);
  addExportCommand(program, globals);
  addBenchCommand(program);
  addVisualizeCommand(program, globals);
  addReportCommand(program, globals);
  addDashboardCommand(program);
  return program;
}

/** {@link createProgram} plus the commands of the installed extensions (what `reparam` runs). */
export async function createFullProgram(): Promise<Command> {
  const program = createProgram();
  await addCommandExtensions(program);
  return program;
}
