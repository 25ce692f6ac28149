import type { BackboneFactory } from '@reparam/core';
import type { NetworkLayout } from '../layout.js';
import { ResNet } from '../ResNet.js';
import { planNetwork, planSlots } from '../slotPlan.js';

/** A backbone plugin for a fixed layout. */
export function resnetFactory(id: string, description: string, layout: NetworkLayout): BackboneFactory {
  return {
    id,
    description,
    slotDescriptors: (shape) => planSlots(planNetwork(layout, shape.inputShape[2], shape.width ?? 1)),
    create: (options) => new ResNet(layout, options),
  };
}
