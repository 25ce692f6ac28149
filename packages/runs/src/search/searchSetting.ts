import { type Backbone, type Dataset, type Genome, type Registry, type SearchSpace, searchSpaceOf, type SlotInfo, slotInfos } from '@reparam/core';
import { buildNetwork, loadDataset } from '../experiment.js';

/** What a search works on: the data, the backbone's slots and search space, and how to build a network. */
export interface SearchSetting {
  readonly data: Dataset;
  readonly slots: SlotInfo[];
  readonly space: SearchSpace;
  /** The backbone with `genome`, initial weights from `seed`. */
  build(genome: Genome, seed: number): Backbone;
}

/** Loads the dataset (split by `seed`) and works out the backbone's search space for it. */
export async function loadSearchSetting(
  registry: Registry,
  o: {
    readonly backbone: string;
    readonly dataset: string;
    readonly width: number;
    readonly aggregation: string;
    readonly seed: number;
    readonly limit?: number;
    readonly validationFraction: number;
    readonly skipBadImages?: boolean;
    readonly imageSize?: number;
    readonly dataWorkers?: number;
  },
): Promise<SearchSetting> {
  const data = await loadDataset(registry, o.dataset, o);
  const factory = registry.get('backbone', o.backbone);
  const slots = slotInfos(factory.slotDescriptors({ inputShape: data.inputShape, classes: data.classes, width: o.width }), registry);
  return {
    data,
    slots,
    space: searchSpaceOf(slots),
    build: (genome, seed) => buildNetwork(registry, { backbone: o.backbone, width: o.width, aggregation: o.aggregation, seed }, data, genome),
  };
}
