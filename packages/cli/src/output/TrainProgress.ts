import type { TrainEvent } from '@reparam/core';
import cliProgress from 'cli-progress';

/** The share of a step's time spent waiting for data, e.g. `12%`. */
function dataShare(data: number, compute: number): string {
  return data + compute > 0 ? `${((100 * data) / (data + compute)).toFixed(0)}%` : '-';
}

/**
 * Shows training progress on stderr (stdout stays for results): a live bar with loss, accuracy,
 * img/s, the share of time spent waiting for data (against compute) and ETA on a terminal, one line per epoch otherwise.
 */
export class TrainProgress {
  private bar: cliProgress.SingleBar | undefined;
  private readonly tty = Boolean(process.stderr.isTTY);

  constructor(private readonly label = 'train') {}

  handle(e: TrainEvent): void {
    if (e.type === 'step') {
      if (!this.tty) return;
      if (!this.bar) {
        this.bar = new cliProgress.SingleBar(
          {
            stream: process.stderr,
            format: `${this.label} epoch {epoch} [{bar}] {value}/{total} | loss {loss} | acc {acc} | {ips} img/s, data {data} | ETA {eta_formatted}`,
            hideCursor: true,
            clearOnComplete: true,
          },
          cliProgress.Presets.shades_classic,
        );
        this.bar.start(e.stepsPerEpoch, 0, { epoch: e.epoch, loss: '-', acc: '-', ips: '-', data: '-' });
      }
      this.bar.update(e.step, { epoch: e.epoch, loss: e.loss.toFixed(4), acc: (100 * e.accuracy).toFixed(1), ips: e.imgPerSec.toFixed(0), data: dataShare(e.dataSeconds, e.computeSeconds) });
    } else if (e.type === 'epoch') {
      this.stop();
      process.stderr.write(
        `${this.label} epoch ${e.epoch}: loss ${e.trainLoss.toFixed(4)} acc ${(100 * e.trainAccuracy).toFixed(2)}% | ` +
          `val loss ${e.valLoss.toFixed(4)} acc ${(100 * e.valAccuracy).toFixed(2)}% | ${e.imgPerSec.toFixed(0)} img/s, ${e.seconds.toFixed(1)} s` +
          `${e.dataSeconds === undefined ? '' : ` (${e.dataSeconds.toFixed(1)} s waiting for data)`}\n`,
      );
    } else if (e.type === 'diverged') {
      this.stop();
    }
  }

  stop(): void {
    this.bar?.stop();
    this.bar = undefined;
  }
}
