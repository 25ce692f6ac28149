import { type DependencyContainer, type Evaluator, type Registry, ReparamError, type TrainEvent } from '@reparam/core';
import { z } from 'zod';
import { SEARCH_RUN_CONFIG_SCHEMA, type SearchRunConfig } from '../searchConfig.js';
import type { SearchSetting } from './searchSetting.js';

/**
 * The part of a search's config that decides what one evaluation computes: the data and its split,
 * the backbone, the evaluator and its training. It is what a work queue's job carries, so that a
 * worker on another machine scores a genome exactly as the search's own process would.
 */
export const EVALUATION_SETTING_SCHEMA = SEARCH_RUN_CONFIG_SCHEMA.pick({
  backbone: true,
  dataset: true,
  width: true,
  limit: true,
  validationFraction: true,
  skipBadImages: true,
  imageSize: true,
  aggregation: true,
  seed: true,
  evaluator: true,
  evaluatorOptions: true,
  evaluation: true,
  backend: true,
  plugins: true,
}).extend({
  /**
   * The seed of the train/validation split when it is not `seed`: a recheck trains with the next
   * seed on the search's own split, so its second score is on the same validation images.
   */
  splitSeed: z.number().int().nonnegative().optional(),
});

/** What a job of a distributed search is evaluated under (see {@link EVALUATION_SETTING_SCHEMA}). */
export type EvaluationSetting = z.infer<typeof EVALUATION_SETTING_SCHEMA>;

/** The evaluation setting of a search config. */
export function evaluationSettingOf(config: SearchRunConfig): EvaluationSetting {
  return EVALUATION_SETTING_SCHEMA.parse(config);
}

/** The seed `setting`'s data is split with. */
export function splitSeedOf(setting: EvaluationSetting): number {
  return setting.splitSeed ?? setting.seed;
}

/** Where an evaluator runs: its state folder, training progress and run services (all optional). */
export interface EvaluatorPlace {
  readonly stateDir?: string;
  readonly onTrainEvent?: (event: TrainEvent, phase: string) => void;
  readonly services?: DependencyContainer;
}

/**
 * Creates the evaluator `setting` names over a loaded search setting — the one way both a search
 * and a queue worker make it, so both score a genome alike.
 */
export function createSearchEvaluator(registry: Registry, setting: EvaluationSetting, loaded: SearchSetting, place: EvaluatorPlace = {}): Evaluator {
  return registry.get('evaluator', setting.evaluator).create({
    ...setting.evaluatorOptions,
    space: loaded.space,
    seed: setting.seed,
    dataset: loaded.data,
    buildNetwork: loaded.build,
    train: setting.evaluation,
    ...place,
  });
}

/** Refuses to distribute an evaluator whose evaluations share state (a supernet), naming it. */
export function requireDistributable(registry: Registry, evaluator: string): void {
  if (!registry.get('evaluator', evaluator).distributable) {
    throw new ReparamError(
      `the '${evaluator}' evaluator cannot run on a work queue: its evaluations share state (a supernet scores a genome in well under a second once trained); use --evaluator standalone with --queue`,
    );
  }
}
