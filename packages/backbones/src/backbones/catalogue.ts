import type { BackboneFactory } from '@reparam/core';
import type { NetworkLayout, StageLayout } from '../layout.js';
import { resnetFactory } from './resnetFactory.js';

const small = (n: number): StageLayout[] => [
  { blocks: n, width: 16, stride: 1 },
  { blocks: n, width: 32, stride: 2 },
  { blocks: n, width: 64, stride: 2 },
];
const imagenet = (depths: readonly number[]): StageLayout[] =>
  depths.map((blocks, i) => ({ blocks, width: 64 * 2 ** i, stride: i === 0 ? 1 : 2 }));

const smallResNet = (n: number): NetworkLayout => ({ stem: 'small', block: 'basic', stemWidth: 16, stages: small(n) });
/** ResNet-(6n+2)'s layout with the shortcuts removed: each basic block becomes two plain layers (He et al. 2016's plain nets). */
const smallPlainNet = (n: number): NetworkLayout => ({
  stem: 'small',
  block: 'plain',
  stemWidth: 16,
  stages: small(2 * n),
});
const plainNet = (n: number): BackboneFactory =>
  resnetFactory(
    `plain${6 * n + 2}`,
    `ResNet-${6 * n + 2} without shortcuts (stem slot → 16, stages 16/32/64 × ${2 * n} plain layers): deep plain nets, where train-time branches decide how well the network trains`,
    smallPlainNet(n),
  );

/** Every backbone this package registers. */
export const BACKBONES: readonly BackboneFactory[] = [
  resnetFactory(
    'bench-net',
    'the benchmark yardstick: ResNet-20 layout, stem slot → 16, stages 16/32/64 × 3 basic blocks',
    smallResNet(3),
  ),
  resnetFactory('resnet8', 'ResNet-8 (small-image stem, 3 stages of 1 basic block, widths 16/32/64): quick searches', smallResNet(1)),
  resnetFactory('resnet20', 'ResNet-20 (small-image stem, 3 stages of 3 basic blocks, widths 16/32/64)', smallResNet(3)),
  resnetFactory('resnet32', 'ResNet-32 (small-image stem, 3 stages of 5 basic blocks)', smallResNet(5)),
  resnetFactory('resnet56', 'ResNet-56 (small-image stem, 3 stages of 9 basic blocks)', smallResNet(9)),
  resnetFactory('resnet18', 'ResNet-18 (ImageNet stem: 7×7/2 slot + max-pool; basic blocks 2-2-2-2, widths 64…512)', {
    stem: 'imagenet',
    block: 'basic',
    stemWidth: 64,
    stages: imagenet([2, 2, 2, 2]),
  }),
  resnetFactory('resnet34', 'ResNet-34 (ImageNet stem; basic blocks 3-4-6-3)', {
    stem: 'imagenet',
    block: 'basic',
    stemWidth: 64,
    stages: imagenet([3, 4, 6, 3]),
  }),
  resnetFactory('resnet50', 'ResNet-50 (ImageNet stem; bottleneck blocks 3-4-6-3, 3×3 slots)', {
    stem: 'imagenet',
    block: 'bottleneck',
    stemWidth: 64,
    stages: imagenet([3, 4, 6, 3]),
  }),
  plainNet(3),
  plainNet(5),
  plainNet(9),
  resnetFactory('repvgg', 'RepVGG-style plain net, no shortcuts (stem slot → 16, stages 2×16, 4×32/2, 4×64/2)', {
    stem: 'small',
    block: 'plain',
    stemWidth: 16,
    stages: [
      { blocks: 2, width: 16, stride: 1 },
      { blocks: 4, width: 32, stride: 2 },
      { blocks: 4, width: 64, stride: 2 },
    ],
  }),
];
