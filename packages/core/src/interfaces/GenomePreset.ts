/**
 * A named genome recipe (`plain`, `repvgg`, `acnet`, `dbb`, `full`): the optional ops every slot
 * gets, each slot keeping only those that apply to it.
 */
export interface GenomePreset {
  readonly id: string;
  readonly description: string;
  /** Op ids for every slot, or `all` for every applicable optional op. */
  readonly ops: readonly string[] | 'all';
}
