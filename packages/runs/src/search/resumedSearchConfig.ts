import { ReparamError } from '@reparam/core';
import type { SearchRunConfig } from '../searchConfig.js';

type Field = (c: SearchRunConfig) => unknown;

/** Settings that change what finished evaluations mean (by their CLI option names): refused on resume when they differ. */
export const FIXED_SEARCH_SETTINGS: Record<string, Field> = {
  backbone: (c) => c.backbone,
  dataset: (c) => c.dataset,
  strategy: (c) => c.strategy,
  evaluator: (c) => c.evaluator,
  population: (c) => c.population,
  seed: (c) => c.seed,
  width: (c) => c.width,
  limit: (c) => c.limit ?? 'all',
  valFraction: (c) => c.validationFraction,
  aggregation: (c) => c.aggregation,
  evalEpochs: (c) => c.evaluation.epochs,
  batch: (c) => c.evaluation.batchSize,
  lr: (c) => c.evaluation.lr,
  calibrationImages: (c) => c.evaluatorOptions.calibrationImages,
  valImages: (c) => c.evaluatorOptions.validationImages,
  sampling: (c) => c.evaluatorOptions.sampling,
  maxOpsPerSlot: (c) => c.constraint.maxOpsPerSlot,
  flopsBudget: (c) => c.constraint.flopsBudget,
};

/** Settings that may change on resume: more evaluations, another retraining, other baselines. */
export const CHANGEABLE_SEARCH_SETTINGS = ['budget', 'retrainEpochs', 'baselines'] as const;

/**
 * The saved config of a search being resumed with the changeable settings the user gave applied
 * (and recorded in `resumes`). A given setting that would change the meaning of finished
 * evaluations is refused, naming it (`name(setting)`) and its saved value; settings not given keep
 * their saved values. `evaluated`: evaluations already made (a budget may not go below it).
 */
export function resumedSearchConfig(
  saved: SearchRunConfig,
  requested: SearchRunConfig,
  given: (setting: string) => boolean,
  name: (setting: string) => string,
  evaluated: number,
): SearchRunConfig {
  for (const [attribute, field] of Object.entries(FIXED_SEARCH_SETTINGS)) {
    if (given(attribute) && JSON.stringify(field(requested)) !== JSON.stringify(field(saved))) {
      throw new ReparamError(
        `${name(attribute)} cannot change on --resume: the run was made with ${JSON.stringify(field(saved))} (leave it out to resume, or start a new run in another --out)`,
      );
    }
  }
  const changes = Object.fromEntries(
    CHANGEABLE_SEARCH_SETTINGS.filter(given)
      .map((a) => [a, a === 'budget' ? requested.budget : a === 'baselines' ? requested.baselines : requested.retrain.epochs] as const)
      .filter(([a, v]) => JSON.stringify(v) !== JSON.stringify(a === 'budget' ? saved.budget : a === 'baselines' ? saved.baselines : saved.retrain.epochs)),
  );
  if (Object.keys(changes).length === 0) return saved;
  if (requested.budget < evaluated) throw new ReparamError(`${name('budget')} ${requested.budget} is below the ${evaluated} evaluations already made`);
  return {
    ...saved,
    ...('budget' in changes ? { budget: requested.budget } : {}),
    ...('baselines' in changes ? { baselines: requested.baselines } : {}),
    ...('retrainEpochs' in changes ? { retrain: { ...saved.retrain, epochs: requested.retrain.epochs } } : {}),
    resumes: [...(saved.resumes ?? []), { time: new Date().toISOString(), changes }],
  };
}
