/** Training settings. */
export interface TrainConfig {
  readonly epochs: number;
  readonly batchSize: number;
  /** Peak learning rate. */
  readonly lr: number;
  readonly momentum: number;
  readonly nesterov: boolean;
  readonly weightDecay: number;
  /** Linear warm-up length in epochs (fractions allowed). */
  readonly warmupEpochs: number;
  readonly labelSmoothing: number;
  /** Pad-and-crop (and flip where the dataset allows) on training batches. */
  readonly augment: boolean;
  readonly seed: number;
}

/** What one epoch gave. */
export interface EpochRecord {
  readonly epoch: number;
  readonly trainLoss: number;
  readonly trainAccuracy: number;
  readonly valLoss: number;
  readonly valAccuracy: number;
  readonly lr: number;
  readonly seconds: number;
  readonly imgPerSec: number;
  /** Of the epoch's training seconds, those spent waiting for batches (data loading, not compute). */
  readonly dataSeconds?: number;
}

/** Progress events a training run emits (one JSON line each in the run's log.jsonl). */
export type TrainEvent =
  | { readonly type: 'train-start'; readonly epochs: number; readonly startEpoch: number; readonly stepsPerEpoch: number; readonly trainSize: number; readonly valSize: number }
  | { readonly type: 'step'; readonly epoch: number; readonly step: number; readonly stepsPerEpoch: number; readonly loss: number; readonly accuracy: number; readonly lr: number; readonly imgPerSec: number; readonly dataSeconds: number; readonly computeSeconds: number }
  | ({ readonly type: 'epoch' } & EpochRecord)
  | { readonly type: 'diverged'; readonly epoch: number; readonly step: number; readonly loss: number };
