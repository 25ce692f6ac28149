import {
  countFusedParameters,
  countParameters,
  evaluate,
  type EpochRecord,
  measureForwardFlops,
  measureFusedForwardFlops,
  type Registry,
  type RunDirectory,
  Trainer,
} from '@reparam/core';
import { buildNetwork, type GenomeSource, loadDataset, resolveGenome } from '../experiment.js';
import { IGNORE_RUN_EVENTS, type RunEventSink } from '../runEvents.js';
import type { TrainRunConfig } from '../trainConfig.js';
import type { TrainResults } from '../trainResults.js';

/** How {@link executeTrainRun} runs. */
export interface ExecuteTrainOptions {
  /** Continue from the run directory's checkpoint. */
  readonly resume: boolean;
  readonly genomeSource: GenomeSource;
  /** Names the run in its events (default `train`). */
  readonly label?: string;
  readonly onEvent?: RunEventSink;
  /** Decoding threads of a streamed dataset (see `RunDataOptions.dataWorkers`). */
  readonly dataWorkers?: number;
}


/**
 * Trains one network as `base` describes into `run` (config.json, log.jsonl, checkpoint after every
 * epoch, results.json) and returns the results, reporting progress as events. Shared by `reparam train`,
 * a search's retraining and the benchmarks.
 */
export async function executeTrainRun(
  registry: Registry,
  backend: string,
  base: Omit<TrainRunConfig, 'genome'>,
  run: RunDirectory,
  options: ExecuteTrainOptions,
): Promise<TrainResults> {
  registry.aggregation(base.aggregation);
  const data = await loadDataset(registry, base.dataset, { ...base, dataWorkers: options.dataWorkers });
  const factory = registry.get('backbone', base.backbone);
  const shape = { inputShape: data.inputShape, classes: data.classes, width: base.width };
  const { genome } = resolveGenome(registry, factory, shape, options.genomeSource);
  const config: TrainRunConfig = { ...base, genome, backend };
  const net = buildNetwork(registry, config, data, genome);
  const trainer = new Trainer(net, data, config);

  let startEpoch = 0;
  let history: EpochRecord[] = [];
  if (options.resume) {
    const meta = run.loadCheckpoint(trainer.stateParameters()) as { epoch: number; history: EpochRecord[] };
    startEpoch = meta.epoch;
    history = meta.history;
    run.log({ type: 'resume', epoch: startEpoch });
  } else {
    run.writeJson('config.json', config);
  }
  const label = options.label ?? 'train';
  const emit = options.onEvent ?? IGNORE_RUN_EVENTS;
  emit({ type: 'run-start', label, path: run.path, backbone: config.backbone, dataset: config.dataset, backend });

  const started = performance.now();
  const outcome = await trainer.run(
    {
      onEvent: (e) => {
        emit({ type: 'train', label, event: e });
        if (e.type !== 'step') run.log(e);
      },
      onEpochEnd: (epoch, records) => run.saveCheckpoint(trainer.stateParameters(), { epoch, history: records }),
    },
    startEpoch,
    history,
  );
  const seconds = (performance.now() - started) / 1000 + history.reduce((s, r) => s + r.seconds, 0);
  const test = outcome.diverged ? undefined : evaluate(net, data.test);
  const flops = await measureForwardFlops(net, data.inputShape);
  const results = {
    testAccuracy: test?.accuracy ?? null,
    valAccuracy: outcome.history.at(-1)?.valAccuracy ?? null,
    epochs: outcome.epochs,
    backend,
    seconds,
    backbone: config.backbone,
    dataset: config.dataset,
    preset: config.preset ?? null,
    aggregation: config.aggregation,
    seed: config.seed,
    parameters: countParameters(net.parameters()),
    fusedParameters: countFusedParameters(net),
    flops,
    fusedFlops: await measureFusedForwardFlops(net, data.inputShape, flops),
    trainSize: data.train.size,
    validationSize: data.validation.size,
    testSize: data.test.size,
    ...(data.workers === undefined ? {} : { dataWorkers: data.workers }),
    ...(base.skipBadImages ? { skippedImages: [...(data.skippedImages?.() ?? [])] } : {}),
    ...(outcome.diverged ? { diverged: outcome.diverged } : {}),
    history: outcome.history,
  };
  run.writeJson('results.json', results);
  run.log({ type: 'results', testAccuracy: results.testAccuracy, valAccuracy: results.valAccuracy });
  trainer.dispose();
  net.dispose();
  return results;
}
