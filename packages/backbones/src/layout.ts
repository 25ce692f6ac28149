/** One stage of a ResNet-style network. */
export interface StageLayout {
  /** Number of blocks (or plain layers). */
  readonly blocks: number;
  /** Output channels of the stage's 3×3 slots (bottleneck: the middle width; outputs are 4×). */
  readonly width: number;
  /** Stride of the stage's first block. */
  readonly stride: number;
}

/** The shape of a ResNet-style backbone. */
export interface NetworkLayout {
  /** `small`: one 3×3 slot, stride 1 (CIFAR/MNIST); `imagenet`: 7×7 slot stride 2 then 3×3 max-pool stride 2. */
  readonly stem: 'small' | 'imagenet';
  /** `basic` (two slots + shortcut), `bottleneck` (1×1 → slot → 1×1 + shortcut) or `plain` (slot → ReLU, no shortcut). */
  readonly block: 'basic' | 'bottleneck' | 'plain';
  readonly stemWidth: number;
  readonly stages: readonly StageLayout[];
}

/** Bottleneck output channels per middle channel. */
export const BOTTLENECK_EXPANSION = 4;

/** Channels scaled by the width multiplier (at least 1). */
export function scaleWidth(channels: number, width: number): number {
  return Math.max(1, Math.round(channels * width));
}
