import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createContainer, type Genome, GenomeCodec, Registry, Rng, type SearchSpace, TRAIN_DEFAULTS } from '@reparam/core';
import { expectReparamError } from '../../core/test/expectReparamError.js';
import { afterAll, describe, expect, it } from 'vitest';
import {
  chainOptimum,
  generatedLandscape,
  LandscapeEvaluator,
  loadLandscape,
  OPTIMUM_FITNESS,
  parseLandscapeSpec,
  RANDOM_GENOME_FITNESS,
  register,
} from '../src/index.js';

const tmp = mkdtempSync(join(tmpdir(), 'reparam-landscape-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

/** Shaped like a plain network's space: a stem of 3 ops, then slots of 10 ops. */
const WIDE: SearchSpace = { slots: [{ name: 'stem', options: ['a', 'b', 'c'] }, ...Array.from({ length: 20 }, (_, i) => ({ name: `s${i}`, options: Array.from({ length: 10 }, (_, j) => `op${j}`) }))] };
/** 4 slots (one empty) of 3, 4, 0 and 3 ops: 2^10 genomes, few enough to enumerate. */
const TINY: SearchSpace = { slots: [{ name: 'a', options: ['x', 'y', 'z'] }, { name: 'b', options: ['x', 'y', 'z', 'w'] }, { name: 'c', options: [] }, { name: 'd', options: ['x', 'y', 'z'] }] };

/** Every genome of a small space. */
function everyGenome(space: SearchSpace): Genome[] {
  const codec = new GenomeCodec(space);
  return Array.from({ length: 2 ** codec.bits }, (_, n) => codec.fromBits(Array.from({ length: codec.bits }, (_, i) => (n >> i) & 1)));
}

describe('generated landscapes', () => {
  it.each(['additive:seed=3', 'rugged:seed=3,k=2', 'rugged:seed=4,k=4,strength=3'])('%s: the computed optimum is the brute-force optimum of a tiny space', (spec) => {
    const landscape = generatedLandscape(TINY, parseLandscapeSpec(spec));
    const all = everyGenome(TINY).map((g) => landscape.trueFitness(g));
    expect(landscape.optimum.fitness).toBeCloseTo(Math.max(...all), 12);
    expect(landscape.optimum.fitness).toBeCloseTo(OPTIMUM_FITNESS, 12);
    expect(landscape.trueFitness(landscape.optimum.genome)).toBeCloseTo(OPTIMUM_FITNESS, 12);
    // The affine map puts a uniformly random genome at RANDOM_GENOME_FITNESS on average, exactly.
    expect(all.reduce((a, b) => a + b, 0) / all.length).toBeCloseTo(RANDOM_GENOME_FITNESS, 12);
  });

  it('rugged: the optimum beats the best of 5,000 random genomes and every one-op change of itself', () => {
    const landscape = generatedLandscape(WIDE, parseLandscapeSpec('rugged:seed=1,k=3'));
    const rng = new Rng(9);
    let best = 0;
    for (let i = 0; i < 5000; i++) best = Math.max(best, landscape.trueFitness(landscape.randomGenome(rng)));
    expect(landscape.optimum.fitness).toBeGreaterThan(best);
    const codec = new GenomeCodec(WIDE);
    const bits = codec.toBits(landscape.optimum.genome);
    for (let i = 0; i < bits.length; i++) {
      const flipped = bits.slice();
      flipped[i] ^= 1;
      expect(landscape.trueFitness(codec.fromBits(flipped))).toBeLessThanOrEqual(landscape.optimum.fitness + 1e-12);
    }
  });

  it('additive: the optimum has exactly the ops whose effect is positive', () => {
    const landscape = generatedLandscape(WIDE, parseLandscapeSpec('additive:seed=2'));
    const codec = new GenomeCodec(WIDE);
    const plain = codec.fromBits(new Uint8Array(codec.bits));
    const bits = codec.toBits(landscape.optimum.genome);
    for (let i = 0; i < codec.bits; i++) {
      const one = new Uint8Array(codec.bits);
      one[i] = 1;
      const effect = landscape.trueFitness(codec.fromBits(one)) - landscape.trueFitness(plain);
      expect(bits[i], `op ${i}`).toBe(effect > 0 ? 1 : 0);
    }
  });

  it('chainOptimum refuses an interaction that skips a slot', () => {
    expect(() => chainOptimum([{ offset: 0, size: 1 }, { offset: 1, size: 1 }, { offset: 2, size: 1 }], new Float64Array(3), [{ i: 0, j: 2, weight: 1 }])).toThrow(/neighbouring/);
  });

  it('noise: the same genome and seed score the same, other seeds spread by σ around the true fitness', () => {
    const landscape = generatedLandscape(WIDE, parseLandscapeSpec('rugged:seed=1,noise=4.5'));
    const g = landscape.randomGenome(new Rng(1));
    expect(landscape.score(g, 7)).toBe(landscape.score(g, 7));
    const scores = Array.from({ length: 4000 }, (_, seed) => landscape.score(g, seed));
    const mean = scores.reduce((a, b) => a + b, 0) / scores.length;
    const std = Math.sqrt(scores.reduce((a, x) => a + (x - mean) ** 2, 0) / (scores.length - 1));
    expect(mean).toBeCloseTo(landscape.trueFitness(g), 2);
    expect(std).toBeGreaterThan(0.043);
    expect(std).toBeLessThan(0.047);
    const quiet = generatedLandscape(WIDE, parseLandscapeSpec('rugged:seed=1'));
    expect(quiet.score(g, 3)).toBe(quiet.trueFitness(g));
    expect(quiet.trueFitness(g)).toBe(landscape.trueFitness(g));
  });

  it('shared: at 1 an op has the same effect in every slot with it; at 0 the landscape is the one without the key', () => {
    const codec = new GenomeCodec(WIDE);
    const plain = codec.fromBits(new Uint8Array(codec.bits));
    const effectOf = (landscape: ReturnType<typeof generatedLandscape>, slot: string, op: string) =>
      landscape.trueFitness({ ...plain, [slot]: [op] }) - landscape.trueFitness(plain);
    const whole = generatedLandscape(WIDE, parseLandscapeSpec('additive:seed=2,shared=1'));
    for (let s = 1; s < 20; s++) expect(effectOf(whole, `s${s}`, 'op3')).toBeCloseTo(effectOf(whole, 's0', 'op3'), 12);
    expect(effectOf(whole, 's0', 'op3')).not.toBeCloseTo(effectOf(whole, 's0', 'op4'), 6);
    const none = generatedLandscape(WIDE, parseLandscapeSpec('additive:seed=2,shared=0'));
    const before = generatedLandscape(WIDE, parseLandscapeSpec('additive:seed=2'));
    expect(none.optimum.genome).toEqual(before.optimum.genome);
    // Independent effects differ from slot to slot.
    expect(effectOf(none, 's1', 'op3')).not.toBeCloseTo(effectOf(none, 's0', 'op3'), 6);
  });

  it('is decided by its seed', () => {
    const a = generatedLandscape(WIDE, parseLandscapeSpec('rugged:seed=5'));
    const b = generatedLandscape(WIDE, parseLandscapeSpec('rugged:seed=5'));
    const c = generatedLandscape(WIDE, parseLandscapeSpec('rugged:seed=6'));
    expect(b.optimum.genome).toEqual(a.optimum.genome);
    expect(c.optimum.genome).not.toEqual(a.optimum.genome);
  });
});

describe('landscape specs', () => {
  it('fills in the defaults', () => {
    expect(parseLandscapeSpec('additive')).toEqual({ kind: 'additive', seed: 0, noise: 0, k: 2, strength: 1, shared: 0 });
    expect(parseLandscapeSpec('rugged:seed=1,k=3,noise=4.5,shared=0.8')).toEqual({ kind: 'rugged', seed: 1, noise: 4.5, k: 3, strength: 1, shared: 0.8 });
  });
  it.each([
    ['smooth:seed=1', /unknown landscape 'smooth:seed=1': expected additive/],
    ['rugged:depth=3', /landscape 'rugged:depth=3': .*depth/],
    ['rugged:k=two', /expected key=number, got 'k=two'/],
    ['rugged:k=1.5', /k: /],
    ['additive:noise=-1', /noise: /],
    ['additive:k=2', /k applies to rugged landscapes only/],
    ['additive:shared=1.5', /shared: /],
  ])('%s is a one-line error', (spec, pattern) => {
    expectReparamError(() => parseLandscapeSpec(spec), pattern);
  });
});

describe('tabulated landscapes', () => {
  const table = {
    version: 1,
    kind: 'tabulated',
    backbone: 'tiny',
    recipe: { epochs: 4, aggregation: 'online' },
    command: 'reparam bench proxy …',
    backend: 'native',
    entries: [
      { genome: { a: [], b: [], c: [], d: [] }, scores: [0.5, 0.6, 0.7] },
      { genome: { a: ['x'], b: ['w'], d: [] }, scores: [0.8, 0.9, 0.85] },
      { genome: { a: ['z'], b: [], c: [], d: ['y'] }, scores: [0.25] },
    ],
  };
  const file = join(tmp, 'table.json');
  writeFileSync(file, JSON.stringify(table));

  it("returns a seed's value (by the evaluation's seed, wrapping) or the mean, exactly", () => {
    const bySeed = loadLandscape(file, TINY, 'seed');
    const g = { a: ['x'], b: ['w'], c: [], d: [] };
    expect([0, 1, 2, 3].map((s) => bySeed.score(g, s))).toEqual([0.8, 0.9, 0.85, 0.8]);
    expect(bySeed.score({ a: ['z'], b: [], c: [], d: ['y'] }, 2)).toBe(0.25);
    expect(bySeed.trueFitness(g)).toBe((0.8 + 0.9 + 0.85) / 3);
    const byMean = loadLandscape(file, TINY, 'mean');
    expect(byMean.score({ a: [], b: [], c: [], d: [] }, 1)).toBe((0.5 + 0.6 + 0.7) / 3);
    expect(byMean.optimum).toEqual({ genome: g, fitness: (0.8 + 0.9 + 0.85) / 3 });
  });

  it('through the evaluator: the search seed picks the score', async () => {
    const space = TINY;
    const options = { space, seed: 1, dataset: undefined as never, buildNetwork: () => undefined as never, train: TRAIN_DEFAULTS, landscape: file };
    const g = { a: ['x'], b: ['w'], c: [], d: [] };
    expect(await LandscapeEvaluator.fromOptions(options).evaluate([g, g])).toEqual([0.9, 0.9]);
    expect(await LandscapeEvaluator.fromOptions({ ...options, lookup: 'mean' }).evaluate([g])).toEqual([(0.8 + 0.9 + 0.85) / 3]);
    expect(() => LandscapeEvaluator.fromOptions({ ...options, lookup: 'median' })).toThrow(/option lookup must be one of seed, mean/);
    expect(() => LandscapeEvaluator.fromOptions({ ...options, landscape: undefined })).toThrow(/needs a landscape/);
  });

  it('a genome not in the table is a one-line error naming it', () => {
    const landscape = loadLandscape(file, TINY);
    expectReparamError(() => landscape.score({ a: ['y'], b: [], c: [], d: [] }, 0), /has no entry for genome \{"a":\["y"\],"b":\[\],"c":\[\],"d":\[\]\}/);
  });

  it.each([
    ['not JSON', '{ "version": 1,', /cannot be read as JSON/],
    ['no entries', JSON.stringify({ version: 1, kind: 'tabulated', entries: [] }), /field 'entries'/],
    ['a score as a percentage', JSON.stringify({ ...table, entries: [{ genome: {}, scores: [85] }] }), /field 'entries.0.scores.0'/],
    ['an unknown kind', JSON.stringify({ version: 1, kind: 'smooth' }), /field 'kind'/],
    ['another version', JSON.stringify({ ...table, version: 2 }), /field 'version'/],
    ['an op the slot does not have', JSON.stringify({ ...table, entries: [{ genome: { a: ['q'] }, scores: [0.5] }] }), /entry 0: genome slot 'a' lists op 'q'/],
    ['a genome twice', JSON.stringify({ ...table, entries: [table.entries[0], table.entries[0]] }), /entry 1 repeats the genome/],
  ])('a file with %s is a one-line error', (_, text, pattern) => {
    const bad = join(tmp, 'bad.json');
    writeFileSync(bad, text);
    expectReparamError(() => loadLandscape(bad, TINY), pattern);
  });

  it('a missing .json file is an error, not a spec', () => {
    expectReparamError(() => loadLandscape(join(tmp, 'missing.json'), TINY), /missing\.json cannot be read as JSON \(ENOENT\)/);
  });

  it('a file can hold a generated landscape’s parameters', () => {
    const generated = join(tmp, 'rugged.json');
    writeFileSync(generated, JSON.stringify({ version: 1, kind: 'rugged', seed: 3, k: 2, noise: 1 }));
    expect(loadLandscape(generated, TINY).optimum).toEqual(generatedLandscape(TINY, parseLandscapeSpec('rugged:seed=3,k=2,noise=1')).optimum);
  });
});

describe('register', () => {
  it('registers the landscape evaluator, marked synthetic', () => {
    const c = createContainer();
    register(c);
    const factory = new Registry(c).get('evaluator', 'landscape');
    expect(factory.synthetic).toBe(true);
  });
});
