import * as tf from '@tensorflow/tfjs';
import type { Backbone } from '../interfaces/Backbone.js';
import type { Dataset } from '../interfaces/Dataset.js';
import type { Parameter } from '../nn/Parameter.js';
import { Rng } from '../rng.js';
import { cosineSchedule } from './cosineSchedule.js';
import { countCorrect, crossEntropy } from './crossEntropy.js';
import { evaluate } from './evaluate.js';
import { leanVariableGrads } from './leanVariableGrads.js';
import { Sgd } from './Sgd.js';
import type { EpochRecord, TrainConfig, TrainEvent } from './TrainEvent.js';

/** Defaults of {@link TrainConfig} other than epochs, batch, lr and seed. */
export const TRAIN_DEFAULTS = {
  momentum: 0.9,
  nesterov: false,
  weightDecay: 5e-4,
  warmupEpochs: 0,
  labelSmoothing: 0,
  augment: true,
} as const;

/** How a run ended. */
export interface TrainOutcome {
  /** Epochs completed (including those before a resume). */
  readonly epochs: number;
  readonly history: readonly EpochRecord[];
  /** Set when the loss became NaN or infinite; training stopped there. */
  readonly diverged?: { readonly epoch: number; readonly step: number; readonly loss: number };
}

/** Callbacks of a training run. */
export interface TrainHooks {
  onEvent?(event: TrainEvent): void;
  /** Before each training step (e.g. a supernet samples its sub-network here). */
  beforeStep?(epoch: number, step: number): void;
  /** After each completed epoch (e.g. write a checkpoint); awaited before the next epoch. */
  onEpochEnd?(epoch: number, history: readonly EpochRecord[]): void | Promise<void>;
}

/** An independent, reproducible stream per (seed, epoch), so a resumed run shuffles as an uninterrupted one. */
function epochRng(seed: number, epoch: number): Rng {
  return new Rng((Math.imul(seed ^ 0x5bd1e995, 0x9e3779b1) + epoch * 0x632be5ab) >>> 0);
}

/**
 * Trains a backbone on a dataset with SGD and a cosine schedule, evaluating on the validation split
 * after every epoch. The test split is not touched here.
 */
export class Trainer {
  readonly optimizer: Sgd;

  constructor(
    readonly net: Backbone,
    readonly data: Dataset,
    readonly config: TrainConfig,
  ) {
    this.optimizer = new Sgd(net.parameters(), config);
  }

  /** Everything a checkpoint must hold to resume exactly: network and optimizer state. */
  stateParameters(): Parameter[] {
    return [...this.net.parameters(), ...this.optimizer.stateParameters()];
  }

  /** Steps per epoch: shuffled training batches drop the last partial batch. */
  get stepsPerEpoch(): number {
    return Math.max(1, Math.floor(this.data.train.size / this.config.batchSize));
  }

  /**
   * Runs epochs `startEpoch + 1 … config.epochs`. `history` holds the records of epochs already done
   * (after a resume). Stops early, with `diverged` set, when the loss stops being finite.
   */
  async run(hooks: TrainHooks = {}, startEpoch = 0, history: readonly EpochRecord[] = []): Promise<TrainOutcome> {
    const { config, net, data } = this;
    const steps = this.stepsPerEpoch;
    const total = steps * config.epochs;
    const warmup = Math.round(config.warmupEpochs * steps);
    const records = [...history];
    const emit = (e: TrainEvent) => hooks.onEvent?.(e);
    emit({ type: 'train-start', epochs: config.epochs, startEpoch, stepsPerEpoch: steps, trainSize: data.train.size, valSize: data.validation.size });

    for (let epoch = startEpoch + 1; epoch <= config.epochs; epoch++) {
      const started = performance.now();
      let lossSum = 0;
      let correct = 0;
      let seen = 0;
      let step = 0;
      let lr = config.lr;
      // Time waiting for the next batch (data) apart from time in the step (compute), so progress shows which limits.
      let dataSeconds = 0;
      let computeSeconds = 0;
      let waitStart = performance.now();
      for (const batch of data.train.batches(config.batchSize, { rng: epochRng(config.seed, epoch), augment: config.augment })) {
        const got = performance.now();
        dataSeconds += (got - waitStart) / 1000;
        if (step >= steps) {
          tf.dispose([batch.x, batch.y]);
          continue;
        }
        lr = cosineSchedule(config.lr, (epoch - 1) * steps + step, total, warmup);
        const n = batch.y.shape[0];
        hooks.beforeStep?.(epoch, step);
        const { loss, right } = this.trainStep(batch.x, batch.y, lr);
        tf.dispose([batch.x, batch.y]);
        step++;
        if (!Number.isFinite(loss)) {
          emit({ type: 'diverged', epoch, step, loss });
          return { epochs: epoch - 1, history: records, diverged: { epoch, step, loss } };
        }
        lossSum += loss * n;
        correct += right;
        seen += n;
        const imgPerSec = seen / ((performance.now() - started) / 1000);
        computeSeconds += (performance.now() - got) / 1000;
        emit({ type: 'step', epoch, step, stepsPerEpoch: steps, loss, accuracy: correct / seen, lr, imgPerSec, dataSeconds, computeSeconds });
        waitStart = performance.now();
      }
      const trainSeconds = (performance.now() - started) / 1000;
      const val = evaluate(net, data.validation);
      const record: EpochRecord = {
        epoch,
        trainLoss: seen ? lossSum / seen : NaN,
        trainAccuracy: seen ? correct / seen : 0,
        valLoss: val.loss,
        valAccuracy: val.accuracy,
        lr,
        seconds: (performance.now() - started) / 1000,
        imgPerSec: seen / trainSeconds,
        dataSeconds,
      };
      records.push(record);
      emit({ type: 'epoch', ...record });
      await hooks.onEpochEnd?.(epoch, records);
    }
    return { epochs: config.epochs, history: records };
  }

  /** One SGD step; returns the batch loss and the number of correct predictions. */
  trainStep(x: tf.Tensor4D, y: tf.Tensor1D, lr: number): { loss: number; right: number } {
    return tf.tidy(() => {
      let logits: tf.Tensor2D | undefined;
      const { value, grads } = leanVariableGrads(() => {
        logits = tf.keep(this.net.forward(x, true));
        return crossEntropy(logits, y, this.config.labelSmoothing);
      }, this.optimizer.variables);
      const loss = value.dataSync()[0];
      const right = countCorrect(logits!, y);
      logits!.dispose();
      if (Number.isFinite(loss)) this.optimizer.step(grads, lr);
      return { loss, right };
    });
  }

  dispose(): void {
    this.optimizer.dispose();
  }
}
