import { APPLIES, doesNotApply, LinearStageBranch, type RepOp, StageBranch } from '@reparam/core';
import { AvgPoolBn } from '../branches/AvgPoolBn.js';
import { AvgPoolStage } from '../branches/AvgPoolStage.js';

/** `avg`: k×k average pool, stride s, zero padding counted in the mean → BN; needs cin = cout. */
export const avg: RepOp = {
  id: 'avg',
  description: 'k×k avg-pool stride s, zero pad k//2 counted in the mean → BN (needs cin = cout)',
  appliesTo(spec) {
    return spec.cin === spec.cout ? APPLIES : doesNotApply(`needs cin = cout (got ${spec.cin} → ${spec.cout})`);
  },
  build(spec, { name }) {
    return new StageBranch('avg', spec, new AvgPoolBn(spec.k, spec.cout, spec.stride, spec.groups, true, name));
  },
  buildLinear(spec, { name }) {
    return new LinearStageBranch('avg', spec, new AvgPoolStage(spec.k, spec.cout, spec.stride, spec.groups, true, name));
  },
};
