import type { SlotInfo } from '../interfaces/Backbone.js';
import type { Genome } from '../interfaces/Genome.js';
import type { GenomePreset } from '../interfaces/GenomePreset.js';

/** The genome a preset gives a backbone: each slot keeps the preset's ops that apply to it. */
export function presetGenome(preset: GenomePreset, slots: readonly SlotInfo[]): Genome {
  const genome: Record<string, string[]> = {};
  for (const slot of slots) {
    genome[slot.name] =
      preset.ops === 'all' ? [...slot.options] : preset.ops.filter((id) => slot.options.includes(id));
  }
  return genome;
}
