import type { Command } from 'commander';
import { openRun } from '@reparam/runs';
import { runtimeOptions } from '../runtimeOptions.js';
import { writeReport } from '@reparam/report';
import { createRuntime, type GlobalOptions } from '../runtime.js';
import { withExamples } from '../examples.js';
import { printResult } from '../output/printResult.js';

/** `reparam report <run-dir>`: one self-contained report.html with results, genome and plots. */
export function addReportCommand(program: Command, globals: () => GlobalOptions): void {
  withExamples(program.command('report'), ['reparam report runs/first-search'])
    .description('write <run-dir>/report.html: results table, genome per slot and the plots (made first if plots/ is empty), self-contained')
    .argument('<run-dir>', 'a run directory written by reparam train or reparam search')
    .option('--json', 'print the result as JSON on stdout')
    .action(async (dir: string, flags: { json?: boolean }) => {
      const run = openRun(dir);
      const { registry } = await createRuntime(runtimeOptions(globals(), run.config.plugins));
      const outcome = await writeReport(run, registry);
      for (const note of outcome.notes) console.error(`note: ${note}`);
      printResult(flags.json, outcome, `wrote ${outcome.file} (${outcome.plots} plot${outcome.plots === 1 ? '' : 's'}${outcome.plotted ? ', made now' : ''})`);
    });
}
