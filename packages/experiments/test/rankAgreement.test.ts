import { describe, expect, it } from 'vitest';
import { pairedDifference } from '../src/pairedDifference.js';
import { kendallTau, kendallTauInterval, spearmanRho, topKOverlap } from '../src/rankAgreement.js';

describe('rank agreement', () => {
  it('Kendall τ on a hand-made ranking', () => {
    // Scores of 5 items by two judges; judge B swaps items 3 and 4 only.
    // Pairs: 10; the swap makes 1 discordant pair, 9 concordant: τ = (9 − 1) / 10 = 0.8.
    expect(kendallTau([1, 2, 3, 4, 5], [10, 20, 30, 50, 40])).toBeCloseTo(0.8, 12);
    expect(kendallTau([1, 2, 3], [3, 2, 1])).toBe(-1);
    expect(kendallTau([1, 2, 3], [5, 6, 7])).toBe(1);
    // Ties (tau-b): a = [1, 1, 2], b = [1, 2, 3]. Pairs (0,1): tied in a only; (0,2), (1,2) concordant.
    // τ_b = (2 − 0) / √((2 + 0 + 0)·(2 + 0 + 1)) = 2/√6.
    expect(kendallTau([1, 1, 2], [1, 2, 3])).toBeCloseTo(2 / Math.sqrt(6), 12);
  });

  it('Spearman ρ on a hand-made ranking', () => {
    // Ranks a = 1..5, b = 1,2,3,5,4: Σd² = 2, ρ = 1 − 6·2/(5·24) = 0.9.
    expect(spearmanRho([1, 2, 3, 4, 5], [10, 20, 30, 50, 40])).toBeCloseTo(0.9, 12);
    expect(spearmanRho([1, 2, 3], [9, 8, 7])).toBeCloseTo(-1, 12);
  });

  it('top-k overlap', () => {
    // Best 2 by a: items 4, 3; by b: items 3, 4 (swapped) → overlap 2; best 1: {4} vs {3} → 0.
    expect(topKOverlap([1, 2, 3, 4, 5], [10, 20, 30, 50, 40], 2)).toBe(2);
    expect(topKOverlap([1, 2, 3, 4, 5], [10, 20, 30, 50, 40], 1)).toBe(0);
  });

  it('refuses scorings of different lengths', () => {
    expect(() => kendallTau([1, 2], [1])).toThrow(/same/);
  });
});

describe('paired difference', () => {
  it('mean difference with a t interval, and a verdict', () => {
    // d = [1, 2, 3]: mean 2, sd 1, half width t(0.975, 2)·1/√3 = 4.303/1.732 = 2.484.
    const d = pairedDifference([2, 3, 4], [1, 1, 1]);
    expect(d.mean).toBeCloseTo(2, 12);
    expect(d.low).toBeCloseTo(2 - 4.303 / Math.sqrt(3), 3);
    expect(d.high).toBeCloseTo(2 + 4.303 / Math.sqrt(3), 3);
    expect(d.verdict).toBe('no difference');
    expect(pairedDifference([2, 2.1, 2.2], [1, 1, 1]).verdict).toBe('better');
    expect(pairedDifference([0, 0.1, 0.05], [1, 1, 1]).verdict).toBe('worse');
  });
});

describe('bootstrap interval of Kendall τ', () => {
  it('is a point for identical rankings, holds the estimate, is reproducible by seed and widens with fewer items', () => {
    const a = Array.from({ length: 30 }, (_, i) => i);
    // Every resample of a perfectly agreeing pair agrees perfectly.
    expect(kendallTauInterval(a, a.map((x) => 2 * x), { resamples: 200, seed: 1 })).toEqual([1, 1]);
    // A noisy agreement: b = a with every other neighbouring pair swapped (τ = 1 − 2·15/435).
    const b = a.map((x) => (x % 2 === 0 ? x + 1 : x - 1));
    const tau = kendallTau(a, b);
    expect(tau).toBeCloseTo(1 - (2 * 15) / 435, 12);
    const [low, high] = kendallTauInterval(a, b, { resamples: 500, seed: 3 });
    expect(low).toBeLessThanOrEqual(tau);
    expect(high).toBeGreaterThanOrEqual(tau);
    expect(kendallTauInterval(a, b, { resamples: 500, seed: 3 })).toEqual([low, high]);
    const [smallLow, smallHigh] = kendallTauInterval(a.slice(0, 8), b.slice(0, 8), { resamples: 500, seed: 3 });
    expect(smallHigh - smallLow).toBeGreaterThan(high - low);
  });
});
