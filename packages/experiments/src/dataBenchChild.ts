/**
 * The reparam side of `reparam bench data`, in its own process so that its memory is measured alone:
 * streams one shuffled epoch of a class-per-folder tree through the training transform (decode,
 * RandomResizedCrop, flip, normalise) into batch tensors and prints `{"images","seconds","imgPerSec","cpuSeconds"}`.
 *
 * Usage: node dataBenchChild.js <image-folder> <batch> <workers> <size>
 */
import * as tf from '@tensorflow/tfjs';
import { Rng, useBackend } from '@reparam/core';
import { imageRecipe, readFolderIndex, StreamingImageDataset } from '@reparam/data';

const [dir, batch, workers, size] = process.argv.slice(2);
await useBackend('cpu');
const index = await readFolderIndex(dir);
// Test = train and no validation share: the training split is every image, as for ImageFolder.
const data = new StreamingImageDataset(
  { id: 'bench', train: index, test: index, recipe: imageRecipe({ size: Number(size) }), location: dir },
  { seed: 0, validationFraction: 0, workers: Number(workers) },
);
const started = performance.now();
let images = 0;
for (const b of data.train.batches(Number(batch), { rng: new Rng(0), augment: true })) {
  images += b.y.shape[0];
  tf.dispose([b.x, b.y]);
}
const seconds = (performance.now() - started) / 1000;
await data.dispose();
const cpu = process.cpuUsage(); // every thread of the process, start-up included
console.log(JSON.stringify({ images, seconds, imgPerSec: images / seconds, cpuSeconds: (cpu.user + cpu.system) / 1e6 }));
