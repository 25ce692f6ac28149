import { APPLIES, centrePadding, Conv2d, type Conv2dOptions, ConvBn, LinearSequentialBranch, type RepOp, SequentialBranch, type SlotSpec } from '@reparam/core';
import { AvgPoolBn } from '../branches/AvgPoolBn.js';
import { AvgPoolStage } from '../branches/AvgPoolStage.js';

/** 1×1 cin→cout, then an unpadded k×k average pool (the map between is padded k//2). */
const stages = ({ k, cin, cout, groups }: SlotSpec) => ({
  first: { kh: 1, kw: 1, cin, cout, groups } satisfies Conv2dOptions,
  between: centrePadding(k, k),
});

/** `conv_1x1_avg`: 1×1 conv cin→cout → padBN(k//2) → k×k avg-pool stride s → BN (DBB). */
export const conv1x1Avg: RepOp = {
  id: 'conv_1x1_avg',
  description: '1×1 conv cin→cout → padBN(k//2) → k×k avg-pool stride s → BN (DBB)',
  appliesTo: () => APPLIES,
  build(spec, { rng, name }) {
    const { k, cout, stride, groups } = spec;
    const s = stages(spec);
    const first = new ConvBn({ ...s.first, padAfter: s.between }, `${name}/first`, rng);
    return new SequentialBranch('conv_1x1_avg', spec, first, new AvgPoolBn(k, cout, stride, groups, false, `${name}/second`));
  },
  buildLinear(spec, { rng, name }) {
    const { k, cout, stride, groups } = spec;
    const s = stages(spec);
    const first = new Conv2d(s.first, `${name}/first/conv`, rng);
    return new LinearSequentialBranch('conv_1x1_avg', spec, first, new AvgPoolStage(k, cout, stride, groups, false, `${name}/second`), s.between);
  },
};
