import type { GenomePreset } from '@reparam/core';

/** The hand-designed genomes the search is compared with (each slot keeps the ops that apply to it). */
export const PRESETS: readonly GenomePreset[] = [
  { id: 'plain', description: 'every slot the k×k conv alone (plain ResNet)', ops: [] },
  { id: 'repvgg', description: 'RepVGG: k×k + 1×1 + identity', ops: ['conv_1x1', 'identity'] },
  { id: 'acnet', description: 'ACNet: k×k + 1×k + k×1', ops: ['conv_1xk', 'conv_kx1'] },
  { id: 'dbb', description: 'Diverse Branch Block: k×k + 1×1 + 1×1→k×k + 1×1→avg', ops: ['conv_1x1', 'conv_1x1_kxk', 'conv_1x1_avg'] },
  { id: 'full', description: 'every applicable op of the catalogue in every slot', ops: 'all' },
];
