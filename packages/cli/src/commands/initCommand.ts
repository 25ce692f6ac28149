import { existsSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { ReparamError } from '@reparam/core';
import type { Command } from 'commander';
import { CONFIG_FILE } from '../config/configFile.js';
import { starterConfig } from '../config/starterConfig.js';
import { withExamples } from '../examples.js';
import { printResult } from '../output/printResult.js';

/** `reparam init`: writes a commented starter reparam.config.json. */
export function addInitCommand(program: Command): void {
  withExamples(program.command('init'), ['reparam init', 'reparam init --force'])
    .description(`write a commented starter ${CONFIG_FILE} (every train and search option with its default)`)
    .option('--force', 'overwrite an existing file')
    .option('--file <path>', 'where to write it', CONFIG_FILE)
    .option('--json', 'print the result as JSON on stdout')
    .action((flags: { force?: boolean; file: string; json?: boolean }) => {
      const path = resolve(flags.file);
      if (existsSync(path) && !flags.force) throw new ReparamError(`${path} already exists; pass --force to overwrite it`);
      writeFileSync(path, starterConfig(program));
      printResult(flags.json, { file: path }, `wrote ${path}`);
    });
}
