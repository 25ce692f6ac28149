import { APPLIES, ConvBn, type RepOp, StageBranch } from '@reparam/core';

/** `conv_1x1`: 1×1 conv, stride s → BN (RepVGG, DBB). */
export const conv1x1: RepOp = {
  id: 'conv_1x1',
  description: '1×1 conv, stride s → BN',
  appliesTo: () => APPLIES,
  build(spec, { rng, name }) {
    const { cin, cout, stride, groups } = spec;
    return new StageBranch('conv_1x1', spec, new ConvBn({ kh: 1, kw: 1, cin, cout, stride, groups }, name, rng));
  },
};
