import { describe, expect, it } from 'vitest';
import { DEFAULT_FUSION_GRID, fusionGridShapes, narrowFusionGrid, type RepOp, requireOpApplies } from '../src/index.js';

describe('fusion grid', () => {
  it('narrows the default grid; one of cin/cout alone means cin = cout', () => {
    const g = narrowFusionGrid({ ks: [5], strides: [2], cin: 6 });
    expect(g.ks).toEqual([5]);
    expect(g.strides).toEqual([2]);
    expect(g.groups).toEqual(DEFAULT_FUSION_GRID.groups);
    expect(g.channels).toEqual([[6, 6]]);
    // k 5, stride 2, groups 1 and 2, one channel pair: two shapes.
    expect([...fusionGridShapes(g)]).toEqual([
      { cin: 6, cout: 6, k: 5, stride: 2, groups: 1 },
      { cin: 6, cout: 6, k: 5, stride: 2, groups: 2 },
    ]);
  });

  it('refuses a requested shape that is no valid slot', () => {
    expect(() => narrowFusionGrid({ groups: [4], cin: 6 })).toThrow(/group/);
  });

  it('an op that applies nowhere in the grid is refused with every reason', () => {
    const never = { id: 'never', appliesTo: (s: { k: number }) => ({ ok: false, reason: `not for k ${s.k}` }) } as unknown as RepOp;
    expect(() => requireOpApplies(never, narrowFusionGrid({}))).toThrow("op 'never' does not apply to any requested slot shape: not for k 3; not for k 5");
    const some = { id: 'some', appliesTo: (s: { k: number }) => (s.k === 5 ? { ok: true } : { ok: false, reason: 'k 3' }) } as unknown as RepOp;
    expect(() => requireOpApplies(some, narrowFusionGrid({}))).not.toThrow();
  });
});
