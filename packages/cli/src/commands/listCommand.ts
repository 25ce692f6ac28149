import type { PluginKind } from '@reparam/core';
import type { Command } from 'commander';
import { withExamples } from '../examples.js';
import { formatTable } from '../output/formatTable.js';
import { createRuntime, type GlobalOptions } from '../runtime.js';

/** `reparam <name> [--json]`: the registered entries of one plugin kind with their plugins. */
export function addListCommand(program: Command, globals: () => GlobalOptions, name: string, kind: PluginKind, what: string): void {
  withExamples(program.command(name), [`reparam ${name}`, `reparam --plugin ./my-plugin/dist/index.js ${name} --json`])
    .description(`list every registered ${what} and its plugin`)
    .option('--json', 'print JSON instead of a table')
    .action(async (opts: { json?: boolean }) => {
      const { registry } = await createRuntime(globals());
      const rows = registry.list(kind).map((e) => ({ id: e.id, plugin: registry.pluginOf(e), description: e.description }));
      if (opts.json) console.log(JSON.stringify(rows, null, 2));
      else console.log(formatTable(['id', 'plugin', 'description'], rows.map((r) => [r.id, r.plugin, r.description])));
    });
}
