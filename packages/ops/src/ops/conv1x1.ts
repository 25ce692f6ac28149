import { APPLIES, Conv2d, type Conv2dOptions, ConvBn, LinearStageBranch, type RepOp, type SlotSpec, StageBranch } from '@reparam/core';

const conv = ({ cin, cout, stride, groups }: SlotSpec): Conv2dOptions => ({ kh: 1, kw: 1, cin, cout, stride, groups });

/** `conv_1x1`: 1×1 conv, stride s → BN (RepVGG, DBB). */
export const conv1x1: RepOp = {
  id: 'conv_1x1',
  description: '1×1 conv, stride s → BN',
  appliesTo: () => APPLIES,
  build(spec, { rng, name }) {
    return new StageBranch('conv_1x1', spec, new ConvBn(conv(spec), name, rng));
  },
  buildLinear(spec, { rng, name }) {
    return new LinearStageBranch('conv_1x1', spec, new Conv2d(conv(spec), `${name}/conv`, rng));
  },
};
