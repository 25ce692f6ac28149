/**
 * @packageDocumentation
 * The reparam Rep operation catalogue, a plugin: `register(container)` adds every op below. Each
 * op lives in its own file as a builder of its training-time branch plus its fusion rule.
 */
import { type DependencyContainer, registerOp, registerPreset, type RepOp } from '@reparam/core';
import { avg } from './ops/avg.js';
import { conv1x1 } from './ops/conv1x1.js';
import { conv1x1Avg } from './ops/conv1x1Avg.js';
import { conv1x1KxK } from './ops/conv1x1KxK.js';
import { conv1x1_1xK } from './ops/conv1x1_1xK.js';
import { conv1x1_Kx1 } from './ops/conv1x1_Kx1.js';
import { conv1xK } from './ops/conv1xK.js';
import { conv1xK_Kx1 } from './ops/conv1xK_Kx1.js';
import { convKx1 } from './ops/convKx1.js';
import { convKxK } from './ops/convKxK.js';
import { identity } from './ops/identity.js';
import { PRESETS } from './presets.js';

export { avg, conv1x1, conv1x1Avg, conv1x1KxK, conv1x1_1xK, conv1x1_Kx1, conv1xK, conv1xK_Kx1, convKx1, convKxK, identity };
export { PRESETS } from './presets.js';
export { AvgPoolBn } from './branches/AvgPoolBn.js';
export { IdentityBn } from './branches/IdentityBn.js';
export { AvgPoolStage } from './branches/AvgPoolStage.js';
export { IdentityStage } from './branches/IdentityStage.js';

/** The catalogue of this package, in documentation order (docs/fusion.md). */
export const CATALOGUE: readonly RepOp[] = [
  convKxK,
  conv1x1,
  identity,
  conv1xK,
  convKx1,
  conv1x1KxK,
  conv1x1Avg,
  avg,
  conv1x1_1xK,
  conv1x1_Kx1,
  conv1xK_Kx1,
];

/** Plugin entry point: registers every catalogue op and the genome presets built from them. */
export function register(container: DependencyContainer): void {
  for (const op of CATALOGUE) registerOp(container, op);
  for (const preset of PRESETS) registerPreset(container, preset);
}
