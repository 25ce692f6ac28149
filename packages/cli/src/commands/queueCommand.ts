import { readQueueStatus } from '@reparam/queue';
import type { Command } from 'commander';
import { withExamples } from '../examples.js';
import { printResult } from '../output/printResult.js';

/** `reparam queue status --queue URL`: job counts, connected workers and recent failures of the work queue. */
export function addQueueCommand(program: Command): void {
  const queue = program.command('queue').description('inspect the work queue of distributed searches');
  withExamples(queue.command('status'), ['reparam queue status --queue redis://localhost:6379', 'reparam queue status --queue redis://10.0.0.5:6379/1 --json'])
    .description('job counts (waiting, active, completed, failed), connected workers and the latest failures')
    .requiredOption('--queue <redis-url>', 'Redis URL of the work queue')
    .option('--json', 'print the status as JSON on stdout')
    .action(async (flags: { queue: string; json?: boolean }) => {
      const s = await readQueueStatus(flags.queue);
      const c = s.counts;
      const lines = [
        `${s.queue}: ${c.waiting} waiting, ${c.active} active, ${c.delayed} delayed (retry backoff), ${c.completed} completed, ${c.failed} failed`,
        `${s.workers.length} worker${s.workers.length === 1 ? '' : 's'}${s.workers.length ? `: ${s.workers.join(', ')}` : ''}`,
        ...s.recentFailures.map((f) => `failed ${f.id}: ${f.reason}`),
      ];
      printResult(flags.json, s, lines.join('\n'));
    });
}
