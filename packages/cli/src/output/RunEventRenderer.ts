import type { RunEvent } from '@reparam/runs';
import { SearchProgressBar } from './SearchProgressBar.js';
import { TrainProgress } from './TrainProgress.js';

/**
 * Renders an executor's events on stderr (stdout stays for results): progress bars on a terminal,
 * lines otherwise (one per epoch, one per evaluated genome), or nothing but warnings when quiet. Pass {@link RunEventRenderer.handle} as the executor's `onEvent`; call `stop()`
 * when the executor returns or throws.
 */
export class RunEventRenderer {
  private readonly training = new Map<string, TrainProgress>();
  private search: SearchProgressBar | undefined;

  /** `quiet`: show nothing but warnings (no bars, no progress lines). */
  constructor(private readonly quiet = false) {}

  readonly handle = (e: RunEvent): void => {
    const warning = e.type === 'lock-taken-over' || (e.type === 'queue' && e.level === 'warning');
    if (this.quiet && !warning) return;
    switch (e.type) {
      case 'run-start':
        process.stderr.write(`reparam ${e.label}: ${e.backbone} on ${e.dataset}, backend ${e.backend}, run ${e.path}\n`);
        return;
      case 'lock-taken-over':
        process.stderr.write(`reparam: warning: ${e.path} was locked by pid ${e.pid} since ${e.since}, which is no longer running; taking it over\n`);
        return;
      case 'train': {
        let p = this.training.get(e.label);
        if (!p) this.training.set(e.label, (p = new TrainProgress(e.label)));
        p.handle(e.event);
        return;
      }
      case 'search-start':
        process.stderr.write(
          `reparam search: ${e.strategy} with ${e.evaluator} on ${e.backbone}/${e.dataset}, ${e.slots} slots, ` +
            `${e.budget} evaluations, backend ${e.backend}, run ${e.path}\n`,
        );
        this.search = new SearchProgressBar(e.budget, e.done);
        return;
      case 'evaluation':
        this.stopTraining();
        this.search?.evaluated(e.record);
        return;
      case 'generation':
        this.search?.generation(e.summary);
        return;
      case 'recheck':
        this.stopTraining();
        this.search?.stop();
        process.stderr.write(`reparam search: recheck ${e.done}/${e.of} with another seed: ${(100 * e.fitness).toFixed(2)}%\n`);
        return;
      case 'queue':
        process.stderr.write(`reparam search: ${e.level === 'warning' ? 'warning: ' : ''}${e.message}\n`);
        return;
    }
  };

  private stopTraining(): void {
    for (const p of this.training.values()) p.stop();
  }

  /** Ends every bar still drawn. */
  stop(): void {
    this.stopTraining();
    this.search?.stop();
  }
}
