import type { RepOp } from '../op/RepOp.js';

/** Where backbones find ops by id (the {@link Registry} is one). */
export interface OpResolver {
  /** The op with this id; throws a ReparamError naming the known ids otherwise. */
  op(id: string): RepOp;
  /** The single always-present k×k op. */
  mainOp(): RepOp;
  /** Every op a genome may switch on. */
  optionalOps(): RepOp[];
}
