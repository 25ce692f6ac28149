import {
  type Backbone,
  type BackboneFactory,
  type BackboneShape,
  type Dataset,
  type DatasetOptions,
  type Genome,
  presetGenome,
  readGenomeFile,
  type Registry,
  ReparamError,
  type SlotInfo,
  slotInfos,
  validateGenome,
} from '@reparam/core';
import { requireGenomeFileFits } from './genomeFileFit.js';

/** `id` or `id:<path>` as given to `--dataset`. */
export function parseDatasetSpec(spec: string): { id: string; path?: string } {
  const i = spec.indexOf(':');
  return i < 0 ? { id: spec } : { id: spec.slice(0, i), path: spec.slice(i + 1) };
}

/** What a run's config says about how its dataset loads (see {@link datasetOptionsOf}). */
export interface RunDataOptions {
  readonly seed: number;
  readonly limit?: number;
  readonly validationFraction?: number;
  readonly skipBadImages?: boolean;
  readonly imageSize?: number;
  /**
   * Threads that decode a streamed dataset's images. A setting of the machine, not of the run: no
   * batch depends on it, so configs do not record it and a resume may change it.
   */
  readonly dataWorkers?: number;
}

/** The dataset options of a run's config (train, search, or a queue job's setting): the one place they are picked. */
export function datasetOptionsOf(c: RunDataOptions): DatasetOptions {
  return { seed: c.seed, limit: c.limit, validationFraction: c.validationFraction, skipBadImages: c.skipBadImages, imageSize: c.imageSize, workers: c.dataWorkers };
}

/** Loads `--dataset` through its plugin. */
export async function loadDataset(registry: Registry, spec: string, options: RunDataOptions): Promise<Dataset> {
  const { id, path } = parseDatasetSpec(spec);
  const factory = registry.get('dataset', id);
  return factory.load({ ...datasetOptionsOf(options), path });
}

/** Where a run's genome comes from. */
export interface GenomeSource {
  readonly preset?: string;
  readonly genomeFile?: string;
  /** An already resolved genome (resumed runs). */
  readonly genome?: Genome;
}

/** A backbone's slots and the validated genome for them. */
export interface ResolvedGenome {
  readonly slots: SlotInfo[];
  readonly genome: Genome;
}

/** Validates the genome (from a preset, a file or a resumed config) against the backbone's slots. */
export function resolveGenome(registry: Registry, factory: BackboneFactory, shape: BackboneShape, source: GenomeSource): ResolvedGenome {
  if (source.preset !== undefined && source.genomeFile !== undefined) {
    throw new ReparamError('give either --preset or --genome, not both');
  }
  const slots = slotInfos(factory.slotDescriptors(shape), registry);
  if (source.genome) return { slots, genome: validateGenome(source.genome, slots, registry) };
  if (source.genomeFile !== undefined) {
    const file = readGenomeFile(source.genomeFile);
    requireGenomeFileFits(registry, factory, shape, source.genomeFile, file, slots);
    return { slots, genome: validateGenome(file.genome, slots, registry) };
  }
  const preset = registry.get('preset', source.preset ?? 'plain');
  return { slots, genome: presetGenome(preset, slots) };
}

/** Everything needed to build a backbone for a dataset. */
export interface NetworkSpec {
  readonly backbone: string;
  readonly width: number;
  /** Id of the slot aggregation mode (resolved in the registry). */
  readonly aggregation: string;
  readonly seed: number;
}

/** Builds the backbone for a dataset's input shape and classes. */
export function buildNetwork(registry: Registry, spec: NetworkSpec, dataset: Dataset, genome: Genome): Backbone {
  const factory = registry.get('backbone', spec.backbone);
  return factory.create({
    inputShape: dataset.inputShape,
    classes: dataset.classes,
    width: spec.width,
    genome,
    seed: spec.seed,
    ops: registry,
    aggregation: registry.aggregation(spec.aggregation),
  });
}
