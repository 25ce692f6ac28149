import { hostname } from 'node:os';
import { type Registry, ReparamError } from '@reparam/core';
import { createSearchEvaluator, type EvaluationSetting, loadSearchSetting, type SearchSetting, splitSeedOf } from '@reparam/runs';
import type { EvaluationJob, EvaluationResult } from './evaluationJob.js';

/**
 * Scores the genomes of evaluation jobs in a worker process, exactly as the search's own process
 * would (same setting loader, same evaluator factory). The loaded data of the last setting is kept,
 * since a worker usually serves one search's jobs in a row.
 */
export class JobEvaluations {
  private loaded: { key: string; setting: Promise<SearchSetting> } | undefined;

  constructor(
    private readonly registry: Registry,
    private readonly backend: string,
    /** Reported with each result (`host:pid` of the worker). */
    private readonly worker: string,
    /** Threads that decode a streamed dataset's images (a setting of this machine, not of the search). */
    private readonly dataWorkers?: number,
  ) {}

  /** Scores `job.genome`; a setting this worker cannot serve (a dataset path it lacks) is a ReparamError saying so. */
  async evaluate(job: EvaluationJob): Promise<EvaluationResult> {
    const started = performance.now();
    const loaded = await this.load(job.setting);
    const evaluator = createSearchEvaluator(this.registry, job.setting, loaded);
    try {
      const [fitness] = await evaluator.evaluate([job.genome]);
      return { fitness, seconds: (performance.now() - started) / 1000, backend: this.backend, worker: this.worker };
    } finally {
      evaluator.dispose();
    }
  }

  private load(setting: EvaluationSetting): Promise<SearchSetting> {
    const seed = splitSeedOf(setting);
    const key = JSON.stringify([setting.backbone, setting.dataset, setting.width, setting.limit, setting.validationFraction, setting.skipBadImages, setting.imageSize, setting.aggregation, seed]);
    if (this.loaded?.key !== key) {
      const promise = loadSearchSetting(this.registry, { ...setting, seed, dataWorkers: this.dataWorkers }).catch((err: unknown) => {
        if (this.loaded?.key === key) this.loaded = undefined;
        if (err instanceof ReparamError) throw new ReparamError(`worker ${hostname()}: ${err.message}`);
        throw err;
      });
      this.loaded = { key, setting: promise };
    }
    return this.loaded.setting;
  }
}
