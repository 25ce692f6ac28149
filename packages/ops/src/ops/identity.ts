import { APPLIES, doesNotApply, LinearStageBranch, type RepOp, StageBranch } from '@reparam/core';
import { IdentityBn } from '../branches/IdentityBn.js';
import { IdentityStage } from '../branches/IdentityStage.js';

/** `identity`: BN(x) (RepVGG); needs cin = cout and stride 1. */
export const identity: RepOp = {
  id: 'identity',
  description: 'BN(x), the identity branch (needs cin = cout and stride 1)',
  appliesTo(spec) {
    if (spec.cin !== spec.cout) return doesNotApply(`needs cin = cout (got ${spec.cin} → ${spec.cout})`);
    if (spec.stride !== 1) return doesNotApply(`needs stride 1 (got ${spec.stride})`);
    return APPLIES;
  },
  build(spec, { name }) {
    return new StageBranch('identity', spec, new IdentityBn(spec.cout, spec.groups, name));
  },
  buildLinear(spec) {
    return new LinearStageBranch('identity', spec, new IdentityStage(spec.cout, spec.groups));
  },
};
