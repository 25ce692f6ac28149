import { ReparamError } from '@reparam/core';
import type { SearchRunConfig } from '../searchConfig.js';

type Field = (c: SearchRunConfig) => unknown;

/** Evaluator options that have a flag of their own (`--calibration-images` …); the rest come from --evaluator-option. */
const NAMED_EVALUATOR_OPTIONS = new Set(['calibrationImages', 'validationImages', 'trainImages', 'sampling', 'landscape']);

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
  imageSize: (c) => c.imageSize,
  aggregation: (c) => c.aggregation,
  evalEpochs: (c) => c.evaluation.epochs,
  batch: (c) => c.evaluation.batchSize,
  lr: (c) => c.evaluation.lr,
  calibrationImages: (c) => c.evaluatorOptions.calibrationImages,
  valImages: (c) => c.evaluatorOptions.validationImages,
  evalImages: (c) => c.evaluatorOptions.trainImages,
  sampling: (c) => c.evaluatorOptions.sampling,
  landscape: (c) => c.evaluatorOptions.landscape,
  // The evaluator's other options (--evaluator-option): those the named flags above do not set.
  evaluatorOption: (c) => Object.fromEntries(Object.entries(c.evaluatorOptions).filter(([k]) => !NAMED_EVALUATOR_OPTIONS.has(k))),
  maxOpsPerSlot: (c) => c.constraint.maxOpsPerSlot,
  flopsBudget: (c) => c.constraint.flopsBudget,
};

/** Settings that may change on resume (more evaluations, another retraining, other baselines): each read and applied. */
export const CHANGEABLE_SEARCH_SETTINGS: Record<string, { get: Field; apply: (config: SearchRunConfig, from: SearchRunConfig) => SearchRunConfig }> = {
  budget: { get: (c) => c.budget, apply: (c, from) => ({ ...c, budget: from.budget }) },
  recheck: { get: (c) => c.recheck, apply: (c, from) => ({ ...c, recheck: from.recheck }) },
  retrainEpochs: { get: (c) => c.retrain.epochs, apply: (c, from) => ({ ...c, retrain: { ...c.retrain, epochs: from.retrain.epochs } }) },
  baselines: { get: (c) => c.baselines, apply: (c, from) => ({ ...c, baselines: from.baselines }) },
  // Skipping unreadable images changes no finished evaluation: a run stopped by one resumes with it.
  skipBadImages: { get: (c) => c.skipBadImages ?? false, apply: (c, from) => ({ ...c, skipBadImages: from.skipBadImages }) },
  // Another queue (Redis moved) keeps the run id, so jobs already sent there are found again.
  queue: { get: (c) => c.queue?.url, apply: (c, from) => ({ ...c, queue: from.queue && { url: from.queue.url, runId: c.queue?.runId ?? from.queue.runId } }) },
};

const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

/**
 * The saved config of a search being resumed with the changeable settings the user gave applied
 * (and recorded in `resumes`). A given setting that would change the meaning of finished
 * evaluations is refused, naming it (`name(setting)`) and its saved value; settings not given keep
 * their saved values. (That a budget does not go below the evaluations made is the executor's check.)
 */
export function resumedSearchConfig(
  saved: SearchRunConfig,
  requested: SearchRunConfig,
  given: (setting: string) => boolean,
  name: (setting: string) => string,
): SearchRunConfig {
  for (const [attribute, field] of Object.entries(FIXED_SEARCH_SETTINGS)) {
    if (given(attribute) && !same(field(requested), field(saved))) {
      throw new ReparamError(
        `${name(attribute)} cannot change on --resume: the run was made with ${field(saved) === undefined ? 'its default' : JSON.stringify(field(saved))} (leave it out to resume, or start a new run in another --out)`,
      );
    }
  }
  let config = saved;
  const changes: Record<string, unknown> = {};
  for (const [setting, { get, apply }] of Object.entries(CHANGEABLE_SEARCH_SETTINGS)) {
    if (!given(setting) || same(get(requested), get(saved))) continue;
    changes[setting] = get(requested);
    config = apply(config, requested);
  }
  if (Object.keys(changes).length === 0) return saved;
  return { ...config, resumes: [...(saved.resumes ?? []), { time: new Date().toISOString(), changes }] };
}
