import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { register as registerBackbones } from '@reparam/backbones';
import {
  createContainer,
  type EvaluatorOptions,
  type Genome,
  onlineAggregation,
  Registry,
  registerPluginModule,
  runSearch,
  searchSpaceOf,
  slotInfos,
  TRAIN_DEFAULTS,
} from '@reparam/core';
import * as ops from '@reparam/ops';
import * as strategies from '@reparam/strategies';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { syntheticDataset } from '../../core/test/syntheticDataset.js';
import { CANDIDATE_SEED_OFFSET, register, StandaloneEvaluator, standaloneScore, SupernetEvaluator, subnetOfStep } from '../src/index.js';

const tmp = mkdtempSync(join(tmpdir(), 'reparam-evaluators-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

let registry: Registry;
let options: (stateDir?: string) => EvaluatorOptions;
beforeAll(async () => {
  await tf.setBackend('cpu');
  const container = createContainer();
  await registerPluginModule(container, '@reparam/ops', ops);
  await registerPluginModule(container, '@reparam/backbones', { register: registerBackbones });
  await registerPluginModule(container, '@reparam/strategies', strategies);
  await registerPluginModule(container, '@reparam/evaluators', { register });
  registry = new Registry(container);
  const data = syntheticDataset(0, 64);
  const factory = registry.get('backbone', 'resnet8');
  const shape = { inputShape: data.inputShape, classes: data.classes, width: 0.25 };
  const space = searchSpaceOf(slotInfos(factory.slotDescriptors(shape), registry));
  options = (stateDir?: string) => ({
    space,
    seed: 3,
    dataset: data,
    buildNetwork: (genome: Genome, seed: number) => factory.create({ ...shape, genome, seed, ops: registry }),
    train: { ...TRAIN_DEFAULTS, epochs: 1, batchSize: 16, lr: 0.05, seed: 3 },
    stateDir,
    calibrationImages: 32,
  });
});

const plain = (o: EvaluatorOptions): Genome => Object.fromEntries(o.space.slots.map((s) => [s.name, []]));
const some = (o: EvaluatorOptions): Genome => Object.fromEntries(o.space.slots.map((s, i) => [s.name, s.options.slice(0, i % 3)]));

describe('the evaluator plugins', () => {
  it('register standalone, supernet and landscape', () => {
    expect(registry.list('evaluator').map((e) => e.id).sort()).toEqual(['landscape', 'standalone', 'supernet']);
  });
});

describe('supernet evaluator', () => {
  it('scores in [0,1], the same genome the same way twice, and a reloaded supernet exactly as the trained one', async () => {
    const dir = join(tmp, 'supernet');
    const a = new SupernetEvaluator(options(dir));
    await a.prepare();
    const o = options(dir);
    const first = await a.evaluate([some(o), plain(o), some(o)]);
    for (const f of first) expect(f).toBeGreaterThanOrEqual(0), expect(f).toBeLessThanOrEqual(1);
    // BN statistics are re-estimated per candidate, so the previous candidate leaves no trace.
    expect(first[2]).toBe(first[0]);
    a.dispose();
    const b = new SupernetEvaluator(options(dir)); // finds the finished supernet in stateDir
    const again = await b.evaluate([some(o), plain(o)]);
    b.dispose();
    expect(again).toEqual(first.slice(0, 2));
  });

  it('refuses a malformed option by name', () => {
    expect(() => new SupernetEvaluator({ ...options(), calibrationImages: -1 })).toThrow(/calibrationImages must be a positive integer/);
  });

  it('a search generation leaves tf.memory().numTensors where it found it', async () => {
    const o = options(join(tmp, 'supernet-memory'));
    const evaluator = new SupernetEvaluator(o);
    await evaluator.prepare();
    const strategy = registry.get('strategy', 'directional-es').create(o.space, { seed: 1, population: 3 });
    const counts: number[] = [];
    await runSearch({
      strategy,
      evaluator,
      budget: 9,
      generationSize: 3,
      save: () => {},
      onGeneration: () => counts.push(tf.memory().numTensors),
    });
    evaluator.dispose();
    expect(counts).toHaveLength(3);
    expect(new Set(counts).size).toBe(1);
  });
});

describe('supernet evaluator, online aggregation', () => {
  it('trains a supernet whose sampled sub-networks are merged kernels: every step leaves tf.memory().numTensors where it found it', async () => {
    const o = options(join(tmp, 'supernet-online'));
    const factory = registry.get('backbone', 'resnet8');
    const shape = { inputShape: o.dataset.inputShape, classes: o.dataset.classes, width: 0.25 };
    const counts: number[] = [];
    const evaluator = new SupernetEvaluator({
      ...o,
      buildNetwork: (genome: Genome, seed: number) => factory.create({ ...shape, genome, seed, ops: registry, aggregation: onlineAggregation }),
      train: { ...o.train, epochs: 2 },
      onTrainEvent: (e) => {
        if (e.type === 'step') counts.push(tf.memory().numTensors);
      },
    });
    await evaluator.prepare();
    // 64 training images in batches of 16: 4 steps per epoch, 2 epochs.
    expect(counts).toHaveLength(8);
    expect(new Set(counts).size).toBe(1);
    const [a, b] = await evaluator.evaluate([some(o), plain(o)]);
    for (const f of [a, b]) expect(f).toBeGreaterThanOrEqual(0), expect(f).toBeLessThanOrEqual(1);
    evaluator.dispose();
  });
});

describe('standalone evaluator', () => {
  it('trains each candidate from the same seed: deterministic scores, no tensors left behind', async () => {
    const o = options();
    const e = new StandaloneEvaluator(o);
    const before = tf.memory().numTensors;
    const [x, y] = await e.evaluate([some(o), some(o)]);
    expect(tf.memory().numTensors).toBe(before);
    expect(x).toBe(y);
    expect(x).toBeGreaterThanOrEqual(0);
  });

  it('trains candidates with another seed than the search’s (which retrains the pick), the one standaloneScore is given', async () => {
    const o = options();
    const [score] = await new StandaloneEvaluator(o).evaluate([some(o)]);
    const training = (seed: number) => ({ dataset: o.dataset, buildNetwork: o.buildNetwork, train: { ...o.train, seed } });
    expect(score).toBe(await standaloneScore(training(o.seed + CANDIDATE_SEED_OFFSET), some(o)));
    // What the retraining with the search's own seed gives is another run.
    const retrained = await Promise.all([1, 2, 3].map((k) => standaloneScore(training(o.seed + CANDIDATE_SEED_OFFSET + k), some(o))));
    expect(new Set([score, ...retrained]).size).toBeGreaterThan(1);
  });

  it('trainImages trains on a fraction of an epoch; validationImages scores on the first n validation images', async () => {
    const o = options();
    const steps: number[] = [];
    const e = new StandaloneEvaluator({ ...o, trainImages: 32, validationImages: 8, onTrainEvent: (ev) => ev.type === 'train-start' && steps.push(ev.stepsPerEpoch) });
    const [score] = await e.evaluate([some(o)]);
    // 32 images in batches of 16: 2 steps an epoch; 8 validation images score in eighths.
    expect(steps).toEqual([2]);
    expect(Math.round(score * 8)).toBeCloseTo(score * 8, 9);
    expect(() => new StandaloneEvaluator({ ...o, trainImages: 0 })).toThrow(/evaluator 'standalone': option trainImages must be a positive integer, got 0/);
  });
});

describe('measureOpFlops (the --flops-budget prices)', () => {
  it('prices each op so that base + the ops of a genome is what profiling that network gives', async () => {
    const { activateGenome, everyOpGenome, genomeTrainingCost, measureForwardFlops, measureOpFlops } = await import('@reparam/core');
    const o = options();
    const net = o.buildNetwork(everyOpGenome(o.space), 0);
    const costs = await measureOpFlops(net, o.dataset.inputShape);
    const genome = some(o);
    activateGenome(net, genome);
    const measured = await measureForwardFlops(net, o.dataset.inputShape);
    activateGenome(net, undefined);
    expect(genomeTrainingCost(costs, genome)).toBe(measured);
    expect(costs.base).toBeLessThan(measured);
    for (const slot of o.space.slots) for (const op of slot.options) expect(costs.perOp[slot.name][op]).toBeGreaterThanOrEqual(0);
    net.dispose();
  });
});

describe('sub-network sampling', () => {
  it('sandwich trains the largest, the smallest and a uniform sub-network in turn; uniform is random every step', () => {
    const o = options();
    const largest = subnetOfStep('sandwich', o.space, 1, 1, 0);
    const smallest = subnetOfStep('sandwich', o.space, 1, 1, 1);
    expect(o.space.slots.every((s) => largest[s.name].length === s.options.length)).toBe(true);
    expect(Object.values(smallest).every((ops) => ops.length === 0)).toBe(true);
    expect(subnetOfStep('sandwich', o.space, 1, 1, 2)).toEqual(subnetOfStep('uniform', o.space, 1, 1, 2));
    expect(subnetOfStep('sandwich', o.space, 1, 1, 3)).toEqual(largest);
  });
  it('the supernet evaluator refuses an unknown sampling by name', () => {
    expect(() => new SupernetEvaluator({ ...options(), sampling: 'greedy' })).toThrow(/option sampling must be one of uniform, sandwich, got "greedy"/);
  });
});
