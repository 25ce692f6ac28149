import type { SlotInfo } from '@reparam/core';
import { BOTTLENECK_EXPANSION, type NetworkLayout, scaleWidth } from './layout.js';

/** A block of the plan: where its slots and shortcut go. */
export interface BlockPlan {
  readonly name: string;
  readonly cin: number;
  readonly cout: number;
  readonly stride: number;
  /** The block's slots, in forward order. */
  readonly slots: readonly Pick<SlotInfo, 'name' | 'spec'>[];
  /** Whether the shortcut needs a 1×1 conv + BN (stride or channel change). */
  readonly projection: boolean;
}

/** Every slot and block of a layout for an input with `channels` channels, before any weight exists. */
export interface NetworkPlan {
  readonly stem: Pick<SlotInfo, 'name' | 'spec'>;
  readonly blocks: readonly BlockPlan[];
  /** Channels into the classifier. */
  readonly features: number;
}

/** Lays out slot names and shapes (`stem`, `layer1.0.conv1`, …) for a layout and width multiplier. */
export function planNetwork(layout: NetworkLayout, inputChannels: number, width = 1): NetworkPlan {
  const stemOut = scaleWidth(layout.stemWidth, width);
  const k = layout.stem === 'imagenet' ? 7 : 3;
  const stem: Pick<SlotInfo, 'name' | 'spec'> = { name: 'stem', spec: { cin: inputChannels, cout: stemOut, k, stride: layout.stem === 'imagenet' ? 2 : 1, groups: 1 } };
  const blocks: BlockPlan[] = [];
  let c = stemOut;
  layout.stages.forEach((stage, si) => {
    const w = scaleWidth(stage.width, width);
    for (let b = 0; b < stage.blocks; b++) {
      const stride = b === 0 ? stage.stride : 1;
      if (layout.block === 'plain') {
        const name = `stage${si + 1}.${b}`;
        blocks.push({ name, cin: c, cout: w, stride, slots: [{ name, spec: { cin: c, cout: w, k: 3, stride, groups: 1 } }], projection: false });
        c = w;
      } else if (layout.block === 'basic') {
        const name = `layer${si + 1}.${b}`;
        blocks.push({
          name,
          cin: c,
          cout: w,
          stride,
          slots: [
            { name: `${name}.conv1`, spec: { cin: c, cout: w, k: 3, stride, groups: 1 } },
            { name: `${name}.conv2`, spec: { cin: w, cout: w, k: 3, stride: 1, groups: 1 } },
          ],
          projection: stride !== 1 || c !== w,
        });
        c = w;
      } else {
        const name = `layer${si + 1}.${b}`;
        const out = w * BOTTLENECK_EXPANSION;
        blocks.push({
          name,
          cin: c,
          cout: out,
          stride,
          slots: [{ name: `${name}.conv2`, spec: { cin: w, cout: w, k: 3, stride, groups: 1 } }],
          projection: stride !== 1 || c !== out,
        });
        c = out;
      }
    }
  });
  return { stem, blocks, features: c };
}

/** The slots of a plan in forward order. */
export function planSlots(plan: NetworkPlan): Pick<SlotInfo, 'name' | 'spec'>[] {
  return [plan.stem, ...plan.blocks.flatMap((b) => b.slots)];
}
