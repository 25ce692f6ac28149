/**
 * tsyringe injection tokens of the plugin kinds. `Symbol.for` keeps them equal across duplicated
 * copies of this package. reparam registers plain values under these tokens (no decorators, no
 * reflected constructor metadata), so plugins need no TypeScript decorator settings.
 */
export const TOKENS = {
  repOp: Symbol.for('reparam.RepOp'),
  strategy: Symbol.for('reparam.SearchStrategyFactory'),
  backbone: Symbol.for('reparam.BackboneFactory'),
  dataset: Symbol.for('reparam.DatasetFactory'),
  evaluator: Symbol.for('reparam.EvaluatorFactory'),
  preset: Symbol.for('reparam.GenomePreset'),
  aggregation: Symbol.for('reparam.AggregationMode'),
} as const;

/** A plugin kind: one of the keys of {@link TOKENS}. */
export type PluginKind = keyof typeof TOKENS;

/** Words for messages, per kind. */
export const KIND_LABELS: Record<PluginKind, string> = {
  repOp: 'op',
  strategy: 'strategy',
  backbone: 'backbone',
  dataset: 'dataset',
  evaluator: 'evaluator',
  preset: 'preset',
  aggregation: 'aggregation',
};
