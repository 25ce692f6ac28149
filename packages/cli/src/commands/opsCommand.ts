import { whyNotLinear } from '@reparam/core';
import type { Command } from 'commander';
import { formatTable } from '../output/formatTable.js';
import { createRuntime, type GlobalOptions } from '../runtime.js';
import { withExamples } from '../examples.js';

/** `reparam ops [--json]`: every registered Rep op, its plugin, and whether it trains online (and why not). */
export function addOpsCommand(program: Command, globals: () => GlobalOptions): void {
  withExamples(program.command('ops'), ['reparam ops', 'reparam --plugin ./my-op/dist/index.js ops --json'])
    .description('list every registered Rep operation and its plugin')
    .option('--json', 'print JSON instead of a table')
    .action(async (opts: { json?: boolean }) => {
      const { registry } = await createRuntime(globals());
      const rows = registry.ops().map((op) => ({
        id: op.id,
        role: op.role ?? 'optional',
        plugin: registry.pluginOf(op),
        online: whyNotLinear(op) ?? 'yes',
        description: op.description,
      }));
      if (opts.json) {
        console.log(JSON.stringify(rows, null, 2));
        return;
      }
      console.log(formatTable(['id', 'role', 'plugin', 'online', 'description'], rows.map((r) => [r.id, r.role, r.plugin, r.online, r.description])));
    });
}
