/**
 * @packageDocumentation
 * Backbones for reparam (a plugin): ResNet-20/32/56 and bench-net with the small-image stem,
 * ResNet-18/34/50 with the ImageNet stem, and a RepVGG-style plain net. Every k×k conv is a RepSlot.
 */
import { type DependencyContainer, registerBackbone } from '@reparam/core';
import { BACKBONES } from './backbones/catalogue.js';

export { BACKBONES } from './backbones/catalogue.js';
export { resnetFactory } from './backbones/resnetFactory.js';
export { ResNet } from './ResNet.js';
export type { NetworkLayout, StageLayout } from './layout.js';
export { BOTTLENECK_EXPANSION, scaleWidth } from './layout.js';
export type { NetworkPlan, BlockPlan } from './slotPlan.js';
export { planNetwork, planSlots } from './slotPlan.js';

/** Plugin entry point: registers every backbone of this package. */
export function register(container: DependencyContainer): void {
  for (const b of BACKBONES) registerBackbone(container, b);
}
