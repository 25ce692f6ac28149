import * as tf from '@tensorflow/tfjs';
import {
  applyFusedConv,
  BUILT_IN_AGGREGATIONS,
  centrePadding,
  createContainer,
  disposeFusedConv,
  groupedConv2d,
  isTrainable,
  onlineAggregation,
  randomizeParameters,
  Registry,
  RepSlot,
  Rng,
  useBackend,
  verifyFusion,
} from '@reparam/core';
import { beforeAll, describe, expect, it } from 'vitest';
import { CATALOGUE, register } from '../src/index.js';

beforeAll(async () => {
  await useBackend('cpu');
});

const DESIGN_IDS = [
  'conv_kxk',
  'conv_1x1',
  'identity',
  'conv_1xk',
  'conv_kx1',
  'conv_1x1_kxk',
  'conv_1x1_avg',
  'avg',
  'conv_1x1_1xk',
  'conv_1x1_kx1',
  'conv_1xk_kx1',
];

describe('the catalogue', () => {
  it('registers the 11 catalogue ops (docs/fusion.md), conv_kxk as the main one', () => {
    const c = createContainer();
    register(c);
    const r = new Registry(c);
    expect(r.ops().map((o) => o.id)).toEqual(DESIGN_IDS);
    expect(r.mainOp().id).toBe('conv_kxk');
  });

  it('applies where the op rules of docs/fusion.md say, with reasons', () => {
    const byId = Object.fromEntries(CATALOGUE.map((o) => [o.id, o]));
    const square = { cin: 8, cout: 8, k: 3, stride: 1, groups: 1 };
    for (const op of CATALOGUE) expect(op.appliesTo(square).ok).toBe(true);
    expect(byId.identity.appliesTo({ ...square, stride: 2 })).toEqual({ ok: false, reason: 'needs stride 1 (got 2)' });
    expect(byId.identity.appliesTo({ ...square, cout: 16 })).toEqual({ ok: false, reason: 'needs cin = cout (got 8 → 16)' });
    expect(byId.avg.appliesTo({ ...square, stride: 2 }).ok).toBe(true);
    expect(byId.avg.appliesTo({ ...square, cout: 16 }).ok).toBe(false);
    const others = CATALOGUE.filter((o) => o.id !== 'identity' && o.id !== 'avg');
    for (const op of others) expect(op.appliesTo({ ...square, cout: 16, stride: 2, groups: 2 }).ok).toBe(true);
  });
});

describe('fusion exactness (float32, tolerance 1e-4·max(1, max|y|))', () => {
  for (const op of CATALOGUE) {
    it(`${op.id} alone, sum and online: k 3/5, stride 1/2, groups 1/2, cin ≠ cout and =, odd and even sizes`, () => {
      const report = verifyFusion(op, { seed: 11 });
      // identity applies on the fewest shapes: cin = cout, stride 1 → 2 k × 2 groups, in 2 modes.
      expect(report.results.length).toBeGreaterThanOrEqual(8);
      expect(report.results.filter((r) => r.aggregation === 'online').length).toBe(report.results.length / 2);
      expect(report.skipped).toEqual([]);
      const bad = report.results.filter((r) => !r.ok);
      expect(bad).toEqual([]);
    });
  }
  it('every applicable op together, in every aggregation mode', () => {
    const report = verifyFusion(CATALOGUE, { seed: 12, aggregations: [], combinations: BUILT_IN_AGGREGATIONS });
    const combos = report.results.filter((r) => r.op === 'all');
    expect(combos).toHaveLength(16 * BUILT_IN_AGGREGATIONS.length);
    expect(combos.filter((r) => !r.ok)).toEqual([]);
    // On the square stride-1 shapes all 11 ops are in one slot.
    expect(Math.max(...combos.map((r) => r.ops.length))).toBe(11);
  });
});

describe('op semantics', () => {
  const spec = { cin: 2, cout: 2, k: 3, stride: 1, groups: 1 };
  const foldOf = (id: string) => {
    const op = CATALOGUE.find((o) => o.id === id)!;
    const branch = op.build(spec, { rng: new Rng(1), name: id });
    const f = branch.fold();
    const k = f.kernel.arraySync() as number[][][][];
    disposeFusedConv(f);
    branch.dispose();
    return k;
  };
  const nonZeroTaps = (k: number[][][][]) =>
    k.flatMap((row, y) => row.map((tap, x) => (tap.flat().some((v) => v !== 0) ? `${y}${x}` : ''))).filter(Boolean);

  it('1×k lives on the middle row, k×1 on the middle column, 1×1 at the centre', () => {
    expect(nonZeroTaps(foldOf('conv_1xk'))).toEqual(['10', '11', '12']);
    expect(nonZeroTaps(foldOf('conv_kx1'))).toEqual(['01', '11', '21']);
    expect(nonZeroTaps(foldOf('conv_1x1'))).toEqual(['11']);
    expect(nonZeroTaps(foldOf('conv_1x1_1xk'))).toEqual(['10', '11', '12']);
    expect(nonZeroTaps(foldOf('conv_1x1_kx1'))).toEqual(['01', '11', '21']);
  });

  it('fresh identity and avg branches fold to the identity and the 1/k² kernel (BN at its start)', () => {
    const id = foldOf('identity');
    const avg = foldOf('avg');
    for (let y = 0; y < 3; y++)
      for (let x = 0; x < 3; x++)
        for (let i = 0; i < 2; i++)
          for (let o = 0; o < 2; o++) {
            expect(id[y][x][i][o]).toBeCloseTo(y === 1 && x === 1 && i === o ? 1 : 0, 4);
            expect(avg[y][x][i][o]).toBeCloseTo(i === o ? 1 / 9 : 0, 4);
          }
  });

  it('a 1×1 first stage cin→cin starts as the identity', () => {
    const op = CATALOGUE.find((o) => o.id === 'conv_1x1_kxk')!;
    const branch = op.build({ ...spec, cout: 4 }, { rng: new Rng(1), name: 'b' });
    const first = branch.parameters().find((p) => p.name === 'b/first/conv/kernel')!;
    expect(first.variable.arraySync()).toEqual([
      [
        [
          [1, 0],
          [0, 1],
        ],
      ],
    ]);
    branch.dispose();
  });

  it('every op trains: forward in training mode gives the slot output shape and gradients reach its weights', () => {
    const x = tf.randomNormal([2, 6, 7, 4]) as tf.Tensor4D;
    for (const op of CATALOGUE) {
      const s = { cin: 4, cout: 4, k: 3, stride: 1, groups: 2 };
      const branch = op.build(s, { rng: new Rng(2), name: op.id });
      const vars = branch.parameters().filter((p) => p.role !== 'bn-mean' && p.role !== 'bn-var');
      const { value, grads } = tf.variableGrads(
        () => tf.mean(tf.square(branch.forward(x, true))) as tf.Scalar,
        vars.map((p) => p.variable),
      );
      expect(Number.isFinite(value.dataSync()[0])).toBe(true);
      expect(Object.keys(grads)).toHaveLength(vars.length);
      tf.dispose([value, ...Object.values(grads)]);
      const y = branch.forward(x, false);
      expect(y.shape).toEqual([2, 6, 7, 4]);
      y.dispose();
      branch.dispose();
    }
    x.dispose();
  });
});

describe('online (linear) form of every op', () => {
  const shapes = [
    { cin: 4, cout: 6, k: 3, stride: 1, groups: 2 },
    { cin: 6, cout: 6, k: 5, stride: 2, groups: 1 },
    { cin: 6, cout: 6, k: 3, stride: 1, groups: 3 },
  ];
  for (const op of CATALOGUE) {
    it(`${op.id}: a conv with its kernel equals the BN-free branch run stage by stage, on random weights`, () => {
      const before = tf.memory().numTensors;
      for (const spec of shapes) {
        if (!op.appliesTo(spec).ok) continue;
        const rng = new Rng(21);
        const branch = op.buildLinear!(spec, { rng, name: op.id });
        randomizeParameters(branch.parameters(), rng);
        // No BN anywhere: every parameter is a convolution weight.
        expect(branch.parameters().every((p) => p.role === 'weight')).toBe(true);
        for (const [h, w] of [
          [9, 8],
          [6, 7],
        ]) {
          const x = tf.tensor4d(rng.normalArray(2 * h * w * spec.cin), [2, h, w, spec.cin]);
          const err = tf.tidy(() => {
            const kernel = branch.linearKernel();
            const [kh, kw, cinG, cout] = kernel.shape;
            // Odd sizes up to k, standing for themselves centred in k×k.
            expect(kh % 2 === 1 && kw % 2 === 1 && kh <= spec.k && kw <= spec.k).toBe(true);
            expect([cinG, cout]).toEqual([spec.cin / spec.groups, spec.cout]);
            const merged = groupedConv2d(x, kernel, spec.stride, centrePadding(kh, kw), spec.groups);
            return tf.max(tf.abs(tf.sub(merged, branch.forward(x)))).dataSync()[0];
          });
          expect(err).toBeLessThan(1e-4);
          x.dispose();
        }
        branch.dispose();
      }
      expect(tf.memory().numTensors).toBe(before);
    });
  }

  // Loss L = Σ R ⊙ conv(x, Σ sᵢ·Kᵢ): linear in each kernel entry and each scale on its own, so a
  // central difference is exact up to float32 rounding and the tolerance can be tight.
  for (const id of ['conv_1x1_kxk', 'conv_1xk_kx1', 'conv_1x1_avg']) {
    it(`${id}: gradients through the merged kernel match numerical ones, for both stages and the scales`, () => {
      const spec = { cin: 3, cout: 3, k: 3, stride: 2, groups: 1 };
      const rng = new Rng(5);
      const ops = [CATALOGUE[0], CATALOGUE.find((o) => o.id === id)!];
      const slot = RepSlot.build(spec, ops, { rng, aggregation: onlineAggregation, name: 's' });
      randomizeParameters(slot.parameters(), rng);
      const x = tf.tensor4d(rng.normalArray(2 * 7 * 6 * 3), [2, 7, 6, 3]);
      const r = tf.tensor4d(rng.normalArray(2 * 4 * 3 * 3), [2, 4, 3, 3]);
      // fuse() is the merged kernel through the eval-mode BN, a fixed per-channel affine map: L stays linear in each parameter.
      const loss = () =>
        tf.tidy(() => {
          const fused = slot.fuse();
          return tf.sum(tf.mul(applyFusedConv(x, fused, spec.stride), r)) as tf.Scalar;
        });
      const trainable = slot.parameters().filter((p) => isTrainable(p) && !p.name.includes('post_bn'));
      const { grads } = tf.variableGrads(loss, trainable.map((p) => p.variable));
      let checked = 0;
      for (const p of trainable) {
        const g = grads[p.variable.name].dataSync();
        const values = p.variable.dataSync().slice();
        for (const i of [0, Math.floor(values.length / 2), values.length - 1]) {
          const at = (delta: number) => {
            const v = values.slice();
            v[i] += delta;
            p.variable.assign(tf.tensor(v, p.variable.shape));
            const l = loss();
            const out = l.dataSync()[0];
            l.dispose();
            return out;
          };
          const h = 0.05;
          const numeric = (at(h) - at(-h)) / (2 * h);
          p.variable.assign(tf.tensor(values, p.variable.shape));
          expect(Math.abs(numeric - g[i])).toBeLessThan(2e-3 * Math.max(1, Math.abs(g[i])));
          checked++;
        }
      }
      // main conv + both stages of the composed op (conv_1x1_avg has one) + two scales.
      expect(checked).toBeGreaterThanOrEqual(3 * 4);
      tf.dispose([x, r, ...Object.values(grads)]);
      slot.dispose();
    });
  }
});
