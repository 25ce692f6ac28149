import { type Dataset, type Registry, type SlotInfo, slotInfos } from '@reparam/core';

/** The slots of a run's backbone for its dataset, each with the optional ops that apply to it. */
export function runSlots(registry: Registry, config: { readonly backbone: string; readonly width: number }, data: Dataset): SlotInfo[] {
  const factory = registry.get('backbone', config.backbone);
  return slotInfos(factory.slotDescriptors({ inputShape: data.inputShape, classes: data.classes, width: config.width }), registry);
}
