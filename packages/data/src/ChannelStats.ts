import type { ImageSet } from './ImageSet.js';
import { imageBytes } from './ImageSet.js';

/** Per-channel mean and standard deviation of pixel values scaled to [0, 1]. */
export interface ChannelStats {
  readonly mean: readonly number[];
  readonly std: readonly number[];
}

/**
 * Mean and (population) standard deviation per channel of the images `indices` of `set`, on the
 * [0, 1] scale. Computed on the training split only, so validation and test never leak into it. A
 * constant channel gets std 1, so that normalising it cannot divide by zero.
 */
export function channelStats(set: ImageSet, indices: Int32Array): ChannelStats {
  const c = set.channels;
  // Byte histograms per channel: exact, and linear in the pixels with no float accumulation error.
  const hist = new Float64Array(c * 256);
  const bytes = imageBytes(set);
  for (const k of indices) {
    const start = k * bytes;
    for (let p = 0; p < bytes; p++) hist[(p % c) * 256 + set.pixels[start + p]]++;
  }
  const mean: number[] = [];
  const std: number[] = [];
  for (let ch = 0; ch < c; ch++) {
    let n = 0;
    let sum = 0;
    for (let v = 0; v < 256; v++) {
      n += hist[ch * 256 + v];
      sum += hist[ch * 256 + v] * v;
    }
    const m = n > 0 ? sum / n : 0;
    let sq = 0;
    for (let v = 0; v < 256; v++) sq += hist[ch * 256 + v] * (v - m) ** 2;
    const s = n > 0 ? Math.sqrt(sq / n) : 0;
    mean.push(m / 255);
    std.push(s > 0 ? s / 255 : 1);
  }
  return { mean, std };
}

/** A lookup table `channel · 256 + byte → normalised float`, so a batch costs one read per value. */
export function normalisationTable(stats: ChannelStats): Float32Array {
  const c = stats.mean.length;
  const table = new Float32Array(c * 256);
  for (let ch = 0; ch < c; ch++) {
    for (let v = 0; v < 256; v++) table[ch * 256 + v] = (v / 255 - stats.mean[ch]) / stats.std[ch];
  }
  return table;
}
