/**
 * An image worker thread of {@link ImageWorkerPool}: takes batch orders from the main thread, claims
 * images of a batch one at a time through the slot's shared counter (so any number of workers share
 * a batch, and each image lands at its place whoever makes it), reads, decodes and transforms each
 * with `sharp`, and writes it normalised into the slot. Nothing here throws out of the thread: a bad
 * image is flagged (and its message kept) in the slot; the main thread decides what to do.
 */
import { readFileSync } from 'node:fs';
import { parentPort, workerData } from 'node:worker_threads';
import sharp from 'sharp';
import type { ImageRecipe } from './ImageRecipe.js';
import { ERROR_BYTES, SLOT, SLOT_STATE, type BatchOrder, type SlotBuffers, type WorkerOrder } from './slotLayout.js';
import { BadImage, transformImage } from './transformImage.js';

interface WorkerData {
  readonly recipe: ImageRecipe;
  readonly buffers: SlotBuffers;
}

const data = workerData as WorkerData;
const { recipe } = data;
// One libvips thread per image: the pool's parallelism is its workers, not threads within one image.
sharp.concurrency(1);
sharp.cache(false);

/** `channel · 256 + byte → normalised float`. */
const table = new Float32Array(3 * 256);
for (let ch = 0; ch < 3; ch++) for (let v = 0; v < 256; v++) table[ch * 256 + v] = (v / 255 - recipe.mean[ch]) / recipe.std[ch];

let views = viewsOf(data.buffers);
const encoder = new TextEncoder();

function viewsOf(buffers: SlotBuffers) {
  return {
    buffers,
    control: new Int32Array(buffers.control),
    pixels: new Float32Array(buffers.pixels),
    bad: new Int32Array(buffers.bad),
    errors: new Uint8Array(buffers.errors),
  };
}

function writeImage(slot: number, index: number, rgb: Uint8Array): void {
  const { pixels, buffers } = views;
  const n = buffers.imageValues;
  let o = (slot * buffers.capacity + index) * n;
  for (let p = 0; p < n; p += 3) {
    pixels[o++] = table[rgb[p]];
    pixels[o++] = table[256 + rgb[p + 1]];
    pixels[o++] = table[512 + rgb[p + 2]];
  }
}

function writeError(slot: number, message: string): void {
  const { control, errors } = views;
  const at = slot * SLOT.fields + SLOT.errorLength;
  if (Atomics.compareExchange(control, at, 0, -1) !== 0) return;
  const bytes = encoder.encode(message).subarray(0, ERROR_BYTES);
  errors.set(bytes, slot * ERROR_BYTES);
  Atomics.store(control, at, bytes.length);
}

async function makeImage(file: string, seed: number | undefined): Promise<Buffer> {
  let bytes: Buffer;
  try {
    // Synchronous: a read from the page cache is far cheaper than a trip through libuv's threads, which sharp keeps busy.
    bytes = readFileSync(file);
  } catch (err) {
    throw new BadImage(`${file} cannot be read: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`);
  }
  return transformImage(sharp, bytes, file, recipe, seed);
}

/**
 * Images each worker has in flight at once: libvips decodes one on libuv's threads while this
 * thread normalises another, so a worker keeps a core busy across the hand-offs.
 */
const IN_FLIGHT = 2;

async function run(order: BatchOrder): Promise<void> {
  await Promise.all(Array.from({ length: IN_FLIGHT }, () => claimAndMake(order)));
}

/** Claims images of `order`'s batch one at a time until none is left, making each into its place. */
async function claimAndMake(order: BatchOrder): Promise<void> {
  const { control, bad, buffers } = views;
  const base = order.slot * SLOT.fields;
  const n = order.files.length;
  for (;;) {
    Atomics.add(control, base + SLOT.active, 1);
    try {
      if (Atomics.load(control, base + SLOT.generation) !== order.generation) return;
      const index = Atomics.add(control, base + SLOT.claimed, 1);
      if (index >= n) return;
      try {
        writeImage(order.slot, index, await makeImage(order.files[index], order.seeds?.[index]));
        bad[order.slot * buffers.capacity + index] = 0;
      } catch (err) {
        bad[order.slot * buffers.capacity + index] = 1;
        writeError(order.slot, err instanceof BadImage ? err.message : `${order.files[index]}: ${(err as Error).stack ?? err}`);
      }
      if (Atomics.add(control, base + SLOT.done, 1) + 1 === n) {
        Atomics.store(control, base + SLOT.state, SLOT_STATE.ready);
        Atomics.notify(control, base + SLOT.state);
      }
    } finally {
      Atomics.sub(control, base + SLOT.active, 1);
      Atomics.notify(control, base + SLOT.active);
    }
  }
}

// Orders are handled one after another, in the order posted.
const queue: WorkerOrder[] = [];
let draining = false;
async function drain(): Promise<void> {
  draining = true;
  while (queue.length > 0) {
    const order = queue.shift()!;
    if (order.type === 'buffers') views = viewsOf(order.buffers);
    else await run(order);
  }
  draining = false;
}

parentPort!.on('message', (order: WorkerOrder) => {
  queue.push(order);
  if (!draining) void drain();
});
