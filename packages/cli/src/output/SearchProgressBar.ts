import { type GenerationSummary, type SearchRecord, summariseGenome } from '@reparam/core';
import cliProgress from 'cli-progress';

const pct = (x: number) => `${(100 * x).toFixed(2)}%`;

/**
 * Shows a search on stderr: on a terminal a bar over the evaluation budget with the generation,
 * the best fitness so far and the ETA; otherwise (a log file, CI) one line per evaluation, so a long
 * generation never looks hung. One line per generation either way.
 */
export class SearchProgressBar {
  private bar: cliProgress.SingleBar | undefined;
  private readonly tty = Boolean(process.stderr.isTTY);
  private best = Number.NEGATIVE_INFINITY;

  constructor(
    private readonly budget: number,
    private readonly done: number,
  ) {}

  evaluated(record: SearchRecord): void {
    this.best = Math.max(this.best, record.fitness);
    if (!this.tty) {
      process.stderr.write(
        `search evaluation ${record.index + 1}/${this.budget} (generation ${record.generation}): ${pct(record.fitness)} in ${record.seconds.toFixed(1)} s, ` +
          `best so far ${pct(this.best)} | ${summariseGenome(record.genome)}\n`,
      );
      return;
    }
    if (!this.bar) {
      this.bar = new cliProgress.SingleBar(
        {
          stream: process.stderr,
          format: 'search gen {generation} [{bar}] {value}/{total} evaluations | best {best} | last {last} | ETA {eta_formatted}',
          hideCursor: true,
          clearOnComplete: true,
        },
        cliProgress.Presets.shades_classic,
      );
      this.bar.start(this.budget, this.done, { generation: record.generation, best: '-', last: '-' });
    }
    this.bar.update(record.index + 1, { generation: record.generation, best: pct(this.best), last: pct(record.fitness) });
  }

  generation(g: GenerationSummary): void {
    const line =
      `search generation ${g.generation}: ${g.evaluations}/${this.budget} evaluations | ` +
      `generation best ${pct(Math.max(...g.fitnesses))} mean ${pct(g.fitnesses.reduce((a, b) => a + b, 0) / g.fitnesses.length)} | best so far ${pct(g.best.fitness)}`;
    if (this.bar) this.bar.stop();
    this.bar = undefined;
    process.stderr.write(`${line}\n`);
  }

  stop(): void {
    this.bar?.stop();
    this.bar = undefined;
  }
}
