import type { Command } from 'commander';
import { describeEnvironment } from '../environment.js';
import { formatTable } from '../output/formatTable.js';
import { withExamples } from '../examples.js';

/** `reparam env [--json]`: versions, the CPU and every backend's availability (what a bug report needs). */
export function addEnvCommand(program: Command): void {
  withExamples(program.command('env'), ['reparam env', 'reparam env --json'])
    .description('print versions, the CPU, and which tfjs backends are available (and why not)')
    .option('--json', 'print JSON instead of text')
    .action(async (opts: { json?: boolean }) => {
      const env = await describeEnvironment();
      if (opts.json) {
        console.log(JSON.stringify(env, null, 2));
        return;
      }
      console.log(`reparam ${env.reparam}, node ${env.node}, tfjs ${env.tfjs}, ${env.platform}`);
      console.log(`cpu: ${env.cpu.model}, ${env.cpu.threads} threads, ${env.cpu.features.join(' ') || 'no feature flags read'}${env.cpu.ompNumThreads ? `, OMP_NUM_THREADS=${env.cpu.ompNumThreads}` : ''}`);
      console.log(`oneDNN: ${env.oneDnn ?? 'not loaded'}`);
      console.log(formatTable(['backend', 'available', 'why not'], env.backends.map((b) => [b.name + (b.name === env.defaultBackend ? ' (default)' : ''), b.available ? 'yes' : 'no', b.reason ?? ''])));
    });
}
