import type { TrainEvent } from '@reparam/core';
import cliProgress from 'cli-progress';

/**
 * Shows training progress on stderr (stdout stays for results): a live bar with loss, accuracy,
 * img/s and ETA on a terminal, one line per epoch otherwise.
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
            format: `${this.label} epoch {epoch} [{bar}] {value}/{total} | loss {loss} | acc {acc} | {ips} img/s | ETA {eta_formatted}`,
            hideCursor: true,
            clearOnComplete: true,
          },
          cliProgress.Presets.shades_classic,
        );
        this.bar.start(e.stepsPerEpoch, 0, { epoch: e.epoch, loss: '-', acc: '-', ips: '-' });
      }
      this.bar.update(e.step, { epoch: e.epoch, loss: e.loss.toFixed(4), acc: (100 * e.accuracy).toFixed(1), ips: e.imgPerSec.toFixed(0) });
    } else if (e.type === 'epoch') {
      this.stop();
      process.stderr.write(
        `${this.label} epoch ${e.epoch}: loss ${e.trainLoss.toFixed(4)} acc ${(100 * e.trainAccuracy).toFixed(2)}% | ` +
          `val loss ${e.valLoss.toFixed(4)} acc ${(100 * e.valAccuracy).toFixed(2)}% | ${e.imgPerSec.toFixed(0)} img/s, ${e.seconds.toFixed(1)} s\n`,
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
