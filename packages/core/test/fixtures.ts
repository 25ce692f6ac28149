// Minimal ops for core's own tests: core must not depend on the catalogue package.
import {
  APPLIES,
  type Branch,
  centrePadding,
  Conv2d,
  ConvBn,
  doesNotApply,
  LinearStageBranch,
  fuseConvBn,
  type RepOp,
  type SlotSpec,
  tidyFused,
} from '../src/index.js';

function convBnBranch(opId: string, spec: SlotSpec, stage: ConvBn, fold: () => ReturnType<Branch['fold']>): Branch {
  return {
    opId,
    forward: (x, training) => stage.forward(x, training),
    fold,
    parameters: () => stage.parameters(),
    dispose: () => stage.dispose(),
  };
}

/** A k×k conv → BN main op. */
export const testMainOp: RepOp = {
  id: 'test_kxk',
  description: 'k×k conv → BN',
  role: 'main',
  appliesTo: () => APPLIES,
  build(spec, { rng, name }) {
    const { k, cin, cout, stride, groups } = spec;
    const stage = new ConvBn({ kh: k, kw: k, cin, cout, stride, groups, padding: centrePadding(k, k) }, name, rng);
    return convBnBranch('test_kxk', spec, stage, () => stage.fold());
  },
  buildLinear(spec, { rng, name }) {
    const { k, cin, cout, stride, groups } = spec;
    return new LinearStageBranch('test_kxk', spec, new Conv2d({ kh: k, kw: k, cin, cout, stride, groups, padding: centrePadding(k, k) }, `${name}/conv`, rng));
  },
};

/** Applies only with stride 1; otherwise the same as the main op. */
export const strideOneOnlyOp: RepOp = {
  ...testMainOp,
  id: 'test_stride1',
  role: 'optional',
  appliesTo: (spec) => (spec.stride === 1 ? APPLIES : doesNotApply(`needs stride 1 (got ${spec.stride})`)),
  build(spec, ctx) {
    const branch = testMainOp.build(spec, ctx);
    return Object.assign(branch, { opId: 'test_stride1' });
  },
  buildLinear(spec, ctx) {
    const branch = testMainOp.buildLinear!(spec, ctx);
    return Object.assign(branch, { opId: 'test_stride1' });
  },
};

/** A deliberately wrong fusion rule: forgets the BN's running mean. verifyFusion must catch it. */
export const brokenOp: RepOp = {
  id: 'test_broken',
  description: 'fold ignores the BN mean',
  appliesTo: () => APPLIES,
  build(spec, { rng, name }) {
    const { k, cin, cout, stride, groups } = spec;
    const stage = new ConvBn({ kh: k, kw: k, cin, cout, stride, groups, padding: centrePadding(k, k) }, name, rng);
    return convBnBranch('test_broken', spec, stage, () =>
      tidyFused(() => fuseConvBn(stage.conv.kernel, { ...stage.bn.stats(), mean: stage.bn.stats().mean.mul(0) })),
    );
  },
};
