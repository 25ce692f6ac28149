import { fileURLToPath } from 'node:url';
import { startWorker, type WorkerEvent } from '@reparam/queue';
import type { Command } from 'commander';
import { withExamples } from '../examples.js';
import { dataWorkersOption, parseNonNegativeNumber, parsePositiveInt } from '../options.js';
import type { GlobalOptions } from '../runtime.js';

/** The sandbox module each evaluation runs in (dist/queue/evaluationProcessor.js beside this command). */
const PROCESSOR_FILE = fileURLToPath(new URL('../queue/evaluationProcessor.js', import.meta.url));

/**
 * `reparam worker --queue URL`: takes evaluation jobs of distributed searches (`reparam search
 * --queue`) until stopped. SIGTERM or Ctrl+C stops it after the running jobs finish; a second one
 * stops at once, and the running jobs go to another worker when their locks lapse.
 */
export function addWorkerCommand(program: Command, globals: () => GlobalOptions): void {
  withExamples(program.command('worker'), ['reparam worker --queue redis://localhost:6379', 'reparam --backend native worker --queue redis://10.0.0.5:6379/1 --concurrency 2'])
    .description('evaluate genomes for distributed searches (reparam search --queue): take jobs from the Redis work queue until stopped')
    .requiredOption('--queue <redis-url>', 'Redis URL of the work queue, e.g. redis://host:6379[/db]')
    .option('--concurrency <n>', 'jobs evaluated at once, each in its own process', parsePositiveInt, 1)
    .option('--lock-seconds <s>', 'a job’s lock lasts this long (renewed at half); a dead worker’s job moves on within about twice this', parseNonNegativeNumber, 30)
    .addOption(dataWorkersOption())
    .option('--json', 'print one JSON object per event on stdout instead of lines on stderr')
    .action(async (flags: { queue: string; concurrency: number; lockSeconds: number; dataWorkers?: number; json?: boolean }) => {
      const show = (e: WorkerEvent) => (flags.json ? console.log(JSON.stringify(e)) : process.stderr.write(`reparam worker: ${describe(e)}\n`));
      const worker = await startWorker({
        url: flags.queue,
        processorFile: PROCESSOR_FILE,
        concurrency: flags.concurrency,
        backend: globals().backend,
        ...(flags.dataWorkers === undefined ? {} : { dataWorkers: flags.dataWorkers }),
        lockSeconds: flags.lockSeconds,
        onEvent: show,
      });
      await new Promise<void>((resolve, reject) => {
        let stopping = false;
        const stop = (signal: NodeJS.Signals) => {
          const force = stopping;
          stopping = true;
          process.stderr.write(
            force
              ? `reparam worker: ${signal} again: stopping now; the running jobs go to another worker when their locks lapse\n`
              : `reparam worker: ${signal}: finishing the running jobs, then stopping (send it again to stop at once)\n`,
          );
          worker.close(force).then(resolve, reject);
        };
        process.on('SIGTERM', stop);
        process.on('SIGINT', stop);
      });
    });
}

function describe(e: WorkerEvent): string {
  switch (e.type) {
    case 'ready':
      return `${e.name} serving ${e.queue} (${e.concurrency} at a time)`;
    case 'job-start':
      return `job ${e.id}: ${e.summary}${e.attempt > 1 ? ` (attempt ${e.attempt})` : ''}`;
    case 'job-done':
      return `job ${e.id}: ${(100 * e.fitness).toFixed(2)}% in ${e.seconds.toFixed(1)} s`;
    case 'job-failed':
      return `job ${e.id} failed${e.retried ? ' (will be retried)' : ''}: ${e.reason}`;
    case 'redis-lost':
      return `lost the queue (${e.reason}); reconnecting`;
    case 'redis-back':
      return 'reconnected to the queue';
  }
}
