import { mkdirSync } from 'node:fs';
import * as tf from '@tensorflow/tfjs';
import {
  runService,
  activateGenome,
  type Backbone,
  type Batch,
  evaluate,
  everyOpGenome,
  type Evaluator,
  type EvaluatorOptions,
  type Genome,
  hasCheckpoint,
  loadCheckpoint,
  recalibrateBatchNorms,
  ReparamError,
  Rng,
  saveCheckpoint,
  Trainer,
} from '@reparam/core';
import { choiceOption, positiveIntOption } from './evaluatorOption.js';
import { limitSplit } from './limitSplit.js';
import { SUBNET_SAMPLINGS, type SubnetSampling, subnetOfStep } from './sampleSubnet.js';

/** What the supernet's checkpoint records besides its weights. */
interface SupernetMeta {
  readonly epoch: number;
  readonly history: unknown[];
  readonly done: boolean;
}

/** Default BN calibration images per candidate: stable statistics at a fraction of an epoch's cost. */
export const DEFAULT_CALIBRATION_IMAGES = 256;

/**
 * One network holding every applicable op of every slot, trained once with a random sub-network
 * per batch (single-path weight sharing). A candidate is scored by switching the supernet to its
 * ops, re-estimating BN statistics on fixed training batches, and measuring validation accuracy.
 * Scores depend only on the genome and the trained weights, so a resumed search reproduces them.
 *
 * Options: `calibrationImages` (default 256), `validationImages` (default: the whole split),
 * `sampling` (`uniform`, the default, or `sandwich`: see {@link subnetOfStep}).
 */
export class SupernetEvaluator implements Evaluator {
  private net: Backbone | undefined;
  private calibration: Batch[] = [];
  private readonly calibrationImages: number;
  private readonly validationImages: number | undefined;
  private readonly sampling: SubnetSampling;

  constructor(private readonly options: EvaluatorOptions) {
    this.calibrationImages = positiveIntOption(options, 'calibrationImages', 'supernet') ?? DEFAULT_CALIBRATION_IMAGES;
    this.validationImages = positiveIntOption(options, 'validationImages', 'supernet');
    this.sampling = choiceOption(options, 'sampling', 'supernet', SUBNET_SAMPLINGS) ?? 'uniform';
  }

  /** Trains the supernet, or loads it from `stateDir` when a finished (or partial) one is there. */
  async prepare(): Promise<void> {
    if (this.net) return;
    const { space, seed, train, stateDir, services } = this.options;
    // Inside a run, the supernet says in the run's log when it is ready and what it cost.
    const clock = services ? runService(services, 'clock') : undefined;
    const started = clock?.now();
    const net = this.options.buildNetwork(everyOpGenome(space), seed);
    this.net = net;
    const trainer = new Trainer(net, this.options.dataset, train);
    try {
      let meta: SupernetMeta = { epoch: 0, history: [], done: false };
      if (stateDir && hasCheckpoint(stateDir)) meta = loadCheckpoint(stateDir, trainer.stateParameters()) as SupernetMeta;
      if (!meta.done) {
        if (stateDir) mkdirSync(stateDir, { recursive: true });
        const outcome = await trainer.run(
          {
            beforeStep: (epoch, step) => activateGenome(net, subnetOfStep(this.sampling, space, seed, epoch, step)),
            onEvent: (e) => this.options.onTrainEvent?.(e, 'supernet'),
            onEpochEnd: (epoch, history) => {
              if (stateDir) saveCheckpoint(stateDir, trainer.stateParameters(), { epoch, history, done: epoch === train.epochs });
            },
          },
          meta.epoch,
          meta.history as never,
        );
        if (outcome.diverged) {
          throw new ReparamError(`supernet training diverged at epoch ${outcome.diverged.epoch} (loss ${outcome.diverged.loss}); try a lower learning rate`);
        }
      }
    } finally {
      trainer.dispose();
      activateGenome(net, undefined);
    }
    this.calibration = this.calibrationBatches();
    if (clock && started !== undefined) {
      runService(services, 'log')({ type: 'supernet-ready', epochs: train.epochs, sampling: this.sampling, seconds: (clock.now() - started) / 1000 });
    }
  }

  /** Fixed training batches (no augmentation, a seeded order) for BN re-estimation. */
  private calibrationBatches(): Batch[] {
    const batchSize = this.options.train.batchSize;
    const batches: Batch[] = [];
    let images = 0;
    for (const batch of this.options.dataset.train.batches(batchSize, { rng: new Rng(this.options.seed ^ 0x5f3759df), augment: false })) {
      if (images >= this.calibrationImages) {
        tf.dispose([batch.x, batch.y]);
        continue;
      }
      batches.push(batch);
      images += batch.y.shape[0];
    }
    return batches;
  }

  async evaluate(genomes: readonly Genome[]): Promise<number[]> {
    if (!this.net) await this.prepare();
    const net = this.net!;
    const validation = limitSplit(this.options.dataset.validation, this.validationImages);
    const scores: number[] = [];
    try {
      for (const genome of genomes) {
        activateGenome(net, genome);
        await recalibrateBatchNorms(net, () => {
          for (const b of this.calibration) {
            tf.tidy(() => {
              net.forward(b.x, true);
            });
          }
        });
        scores.push(evaluate(net, validation).accuracy);
      }
    } finally {
      activateGenome(net, undefined);
    }
    return scores;
  }

  dispose(): void {
    for (const b of this.calibration) tf.dispose([b.x, b.y]);
    this.calibration = [];
    this.net?.dispose();
    this.net = undefined;
  }
}
