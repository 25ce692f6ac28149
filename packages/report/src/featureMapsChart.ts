import * as tf from '@tensorflow/tfjs';
import { type Backbone, captureSlotInput, type Dataset, ReparamError, type RepSlot } from '@reparam/core';
import { type FeatureMap, featureMapGridSpec, type TopLevelSpec } from '@reparam/viz';

/** What {@link featureMapsSpec} draws. */
export interface FeatureMapsOptions {
  /** Slot name; default the first slot with two or more branches (else the first slot). */
  readonly slot?: string;
  /** Index of the image in the validation split. */
  readonly image: number;
  /** Channels shown, from channel 0 (default 8). */
  readonly channels?: number;
  /** Which run the network comes from, for the title (e.g. `retrain-best`). */
  readonly source: string;
}

/** Maps wider or taller than this are averaged down, so a plot stays a few thousand rects per map at most. */
const MAX_MAP_SIDE = 32;

/** The slot a feature-map plot shows: the one asked for, or the first with several branches. */
export function chooseSlot(net: Backbone, wanted: string | undefined): RepSlot {
  const slots = net.repSlots();
  if (wanted !== undefined) {
    const slot = slots.get(wanted);
    if (!slot) throw new ReparamError(`unknown slot '${wanted}'; the network has: ${[...slots.keys()].join(', ')}`);
    return slot;
  }
  const all = [...slots.values()];
  return all.find((s) => s.activeOpIds.length >= 2) ?? all[0];
}

/** One validation image (1×H×W×C) and its label. */
function validationImage(data: Dataset, index: number): { x: tf.Tensor4D; label: number } {
  const size = data.validation.size;
  if (!Number.isInteger(index) || index < 0 || index >= size) {
    throw new ReparamError(`--image ${index} is outside the validation split (${size} images: 0 to ${size - 1})`);
  }
  const batchSize = 256;
  let start = 0;
  for (const batch of data.validation.batches(batchSize)) {
    const n = batch.x.shape[0];
    if (index < start + n) {
      const [, h, w, c] = batch.x.shape;
      const x = tf.slice(batch.x, [index - start, 0, 0, 0], [1, h, w, c]) as tf.Tensor4D;
      const label = tf.tidy(() => batch.y.slice([index - start], [1]).dataSync()[0]);
      tf.dispose([batch.x, batch.y]);
      return { x, label };
    }
    start += n;
    tf.dispose([batch.x, batch.y]);
  }
  throw new ReparamError(`--image ${index} is outside the validation split (${size} images)`);
}

/**
 * The feature maps a trained slot produces for one validation image: the first channels of each
 * branch's output (after its scale under `scaled`), of their sum, and of the slot output when
 * that differs (post-bn), with the input image beside them.
 */
export function featureMapsSpec(net: Backbone, data: Dataset, o: FeatureMapsOptions): { spec: TopLevelSpec; slot: string } {
  const slot = chooseSlot(net, o.slot);
  const { x, label } = validationImage(data, o.image);
  const [, imageH, imageW, imageC] = x.shape;
  const imageValues = x.dataSync();
  const channels = Math.min(o.channels ?? 8, slot.spec.cout);
  let input: tf.Tensor4D | undefined;
  let factor = 1;
  let rows: { row: string; shape: number[]; values: Float32Array | Int32Array | Uint8Array }[];
  try {
    input = captureSlotInput(net, slot.name, x);
    const slotInput = input;
    rows = tf.tidy(() => {
      const parts = slot.branchOutputs(slotInput, false);
      const [, h, w] = parts.sum.shape;
      factor = Math.ceil(Math.max(h, w) / MAX_MAP_SIDE);
      const shrink = (t: tf.Tensor4D) => (factor > 1 ? (tf.avgPool(t, factor, factor, 'valid') as tf.Tensor4D) : t);
      const named: [string, tf.Tensor4D][] = [
        ...parts.branches.map((b): [string, tf.Tensor4D] => [b.label, b.output]),
        [parts.outputLabel ? 'sum' : 'sum = slot output', parts.sum],
        ...(parts.outputLabel ? [[parts.outputLabel, parts.output] as [string, tf.Tensor4D]] : []),
      ];
      return named.map(([row, t]) => {
        const small = shrink(t);
        return { row, shape: small.shape, values: small.slice([0, 0, 0, 0], [1, -1, -1, channels]).dataSync() };
      });
    });
  } finally {
    tf.dispose([x, ...(input ? [input] : [])]);
  }

  const maps: FeatureMap[] = [];
  for (const r of rows) {
    const [, h, w] = r.shape;
    for (let c = 0; c < channels; c++) {
      const values = new Float32Array(h * w);
      for (let i = 0; i < h * w; i++) values[i] = r.values[i * channels + c];
      maps.push({ row: r.row, column: `channel ${c}`, height: h, width: w, values });
    }
  }
  const [, mapH, mapW] = rows[0].shape;
  const shrunk = factor > 1 ? ` (averaged ${factor}×${factor} to ${mapH}×${mapW})` : ` (${mapH}×${mapW})`;
  const spec = featureMapGridSpec({
    title: `Feature maps of slot ${slot.name} (${o.source})`,
    // Short lines: without a browser, vega sizes the picture from estimated (generous) text widths.
    subtitle: [
      `validation image ${o.image} (label ${label}); channels 0–${channels - 1} of ${slot.spec.cout}${shrunk}`,
      `rows: what each branch adds (${slot.aggregation.id} aggregation), then their sum`,
      'red > 0 > blue; each channel scaled by its largest |value|; trained weights, eval mode',
    ],
    maps,
    rows: rows.map((r) => r.row),
    image: { title: `input (${imageH}×${imageW})`, height: imageH, width: imageW, channels: imageC, values: imageValues },
  });
  return { spec, slot: slot.name };
}
