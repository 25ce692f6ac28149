import type { Module } from '../../nn/Module.js';
import type { BuildContext, RepOp } from '../../op/RepOp.js';

/**
 * Builds one branch per op with `build(op, ctx)`, each named `<slot>/<op id>`; if one fails, the
 * branches already built are disposed before the error goes on.
 */
export function buildBranches<B extends Module>(ops: readonly RepOp[], ctx: BuildContext, build: (op: RepOp, ctx: BuildContext) => B): B[] {
  const branches: B[] = [];
  try {
    for (const op of ops) branches.push(build(op, { rng: ctx.rng, name: `${ctx.name}/${op.id}` }));
  } catch (err) {
    for (const b of branches) b.dispose();
    throw err;
  }
  return branches;
}
