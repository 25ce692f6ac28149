import type { DependencyContainer } from 'tsyringe';
import { ReparamError } from '../errors.js';
import type { BackboneFactory } from '../interfaces/Backbone.js';
import type { DatasetFactory } from '../interfaces/Dataset.js';
import type { EvaluatorFactory } from '../interfaces/Evaluator.js';
import type { GenomePreset } from '../interfaces/GenomePreset.js';
import type { SearchStrategyFactory } from '../interfaces/SearchStrategy.js';
import type { RepOp } from '../op/RepOp.js';
import type { OpResolver } from '../genome/OpResolver.js';
import type { AggregationMode } from '../slot/AggregationMode.js';
import { pluginOf } from './provenance.js';
import { KIND_LABELS, type PluginKind, TOKENS } from './tokens.js';

/** The entry type of each plugin kind. */
export interface PluginEntryTypes {
  repOp: RepOp;
  strategy: SearchStrategyFactory;
  backbone: BackboneFactory;
  dataset: DatasetFactory;
  evaluator: EvaluatorFactory;
  preset: GenomePreset;
  aggregation: AggregationMode;
}

/** Everything registered in a container, looked up by id with clear errors. */
export class Registry implements OpResolver {
  constructor(readonly container: DependencyContainer) {}

  /** Every entry of a kind, in registration order. Throws if two share an id. */
  list<K extends PluginKind>(kind: K): PluginEntryTypes[K][] {
    const token = TOKENS[kind];
    if (!this.container.isRegistered(token, true)) return [];
    const entries = this.container.resolveAll<PluginEntryTypes[K]>(token);
    const byId = new Map<string, PluginEntryTypes[K]>();
    for (const e of entries) {
      const prior = byId.get(e.id);
      if (prior && prior !== e) {
        throw new ReparamError(
          `${KIND_LABELS[kind]} id '${e.id}' is registered twice (by ${pluginOf(prior)} and by ${pluginOf(e)})`,
        );
      }
      byId.set(e.id, e);
    }
    return [...byId.values()];
  }

  /** The entry with this id; a {@link ReparamError} listing the known ids when there is none. */
  get<K extends PluginKind>(kind: K, id: string): PluginEntryTypes[K] {
    const entries = this.list(kind);
    const found = entries.find((e) => e.id === id);
    if (found) return found;
    const known = entries.map((e) => e.id).join(', ') || 'none registered';
    throw new ReparamError(`unknown ${KIND_LABELS[kind]} '${id}'; known: ${known}`);
  }

  /** Every registered Rep op. */
  ops(): RepOp[] {
    return this.list('repOp');
  }

  /** The Rep op with this id. */
  op(id: string): RepOp {
    return this.get('repOp', id);
  }

  /** The single op with role `main` (the slot's always-present k×k branch). */
  mainOp(): RepOp {
    const mains = this.ops().filter((o) => o.role === 'main');
    if (mains.length !== 1) {
      throw new ReparamError(
        mains.length === 0
          ? 'no main op is registered (load the @reparam/ops plugin or one that provides a main k×k op)'
          : `more than one main op is registered: ${mains.map((o) => o.id).join(', ')}`,
      );
    }
    return mains[0];
  }

  /** Ops the search may switch on or off (every op but the main one). */
  optionalOps(): RepOp[] {
    return this.ops().filter((o) => o.role !== 'main');
  }

  /** The slot aggregation mode with this id. */
  aggregation(id: string): AggregationMode {
    return this.get('aggregation', id);
  }

  /** The plugin that registered an entry. */
  pluginOf(entry: object): string {
    return pluginOf(entry);
  }
}
