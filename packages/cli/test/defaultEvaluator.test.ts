import { presetGenome, TRAIN_DEFAULTS } from '@reparam/core';
import { createSearchEvaluator, evaluationSettingOf, loadSearchSetting } from '@reparam/runs';
import { describe, expect, it } from 'vitest';
import { DEFAULT_EVALUATOR } from '../src/commands/searchDefaults.js';
import { createRuntime } from '../src/runtime.js';

/**
 * In a deep net without shortcuts, train-time identity and 1×1 branches decide whether it trains at
 * all: the default evaluator must see that, as the retraining will. (The weight-sharing supernet, the
 * default before, scored both at chance: its own training does not get going there.)
 */
describe('the default evaluator on a deep plain network', () => {
  it('scores RepVGG’s genome above plain on plain56 at width 0.125, 3,000 MNIST images', { timeout: 300_000 }, async () => {
    const { registry } = await createRuntime({});
    registry.aggregation('online');
    const config = {
      backbone: 'plain56',
      dataset: 'mnist',
      width: 0.125,
      limit: 3000,
      validationFraction: 0.25,
      aggregation: 'online',
      seed: 0,
    };
    const setting = await loadSearchSetting(registry, config);
    const evaluator = createSearchEvaluator(
      registry,
      evaluationSettingOf({
        ...config,
        command: 'search',
        strategy: 'directional-es',
        evaluator: DEFAULT_EVALUATOR,
        budget: 2,
        population: 2,
        constraint: {},
        evaluatorOptions: {},
        evaluation: { ...TRAIN_DEFAULTS, epochs: 4, batchSize: 32, lr: 0.1, seed: 0 },
        retrain: { ...TRAIN_DEFAULTS, epochs: 4, batchSize: 32, lr: 0.1, seed: 0 },
        baselines: ['plain'],
        backend: 'native',
        plugins: [],
      }),
      setting,
    );
    try {
      await evaluator.prepare?.();
      const [plain, repvgg] = await evaluator.evaluate(['plain', 'repvgg'].map((p) => presetGenome(registry.get('preset', p), setting.slots)));
      // Measured with candidate seeds 7919 and 7920: plain 12.8% and 12.8%, RepVGG 40.8% and 48.1%.
      expect(repvgg).toBeGreaterThan(plain + 0.15);
    } finally {
      evaluator.dispose();
    }
  });
});
