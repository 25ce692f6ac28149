/**
 * An image worker thread of {@link ImageWorkerPool}: makes whole batches, one order after another —
 * reads, decodes and transforms each image (see {@link makeInput}: JPEGs in this thread by the
 * libjpeg-turbo addon, the rest by sharp with a few in flight, so that this thread normalises one while
 * libvips decodes another), writes it normalised into the batch's own buffer
 * and transfers the buffer to the main thread. Nothing here throws out of the thread: a bad image
 * is reported in the reply; the main thread decides what to do.
 */
import { readFileSync } from 'node:fs';
import { workerData, parentPort } from 'node:worker_threads';
import sharp from 'sharp';
import { type BatchOrder, type BatchReply, SIGNAL, type WorkerSetup } from './workerProtocol.js';
import { BadImage, inputScratch, makeInput } from './transformImage.js';

const { recipe, signal: shared, port } = workerData as WorkerSetup;
const signal = new Int32Array(shared);
// One libvips thread per image: the pool's parallelism is its workers, not threads within one image.
sharp.concurrency(1);
sharp.cache(false);

/** Images in flight at once: libvips decodes one on libuv's threads while this thread normalises another. */
const IN_FLIGHT = 2;
const values = recipe.size * recipe.size * 3;

/** Per image in flight. */
const scratches = Array.from({ length: IN_FLIGHT }, () => inputScratch(recipe));

async function makeImage(file: string, seed: number | undefined, pixels: Float32Array, index: number, lane: number): Promise<void> {
  let bytes: Buffer;
  try {
    // Synchronous: a read from the page cache is far cheaper than a trip through libuv's threads, which sharp keeps busy.
    bytes = readFileSync(file);
  } catch (err) {
    throw new BadImage(`${file} cannot be read: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`);
  }
  await makeInput(sharp, bytes, file, recipe, seed, pixels, index * values, scratches[lane]);
}

const cancelled = (order: BatchOrder): boolean => Atomics.load(signal, SIGNAL.cancelled) >= order.generation;

async function make(order: BatchOrder): Promise<BatchReply> {
  if (cancelled(order)) return { generation: order.generation, bad: [] };
  const n = order.files.length;
  const pixels = order.buffer?.byteLength === n * values * 4 ? new Float32Array(order.buffer) : new Float32Array(n * values);
  const bad: number[] = [];
  let error: string | undefined;
  let next = 0;
  const loop = async (_: unknown, lane: number) => {
    for (let index = next++; index < n && !cancelled(order); index = next++) {
      try {
        await makeImage(order.files[index], order.seeds?.[index], pixels, index, lane);
      } catch (err) {
        bad.push(index);
        error ??= err instanceof BadImage ? err.message : `${order.files[index]}: ${(err as Error).stack ?? String(err)}`;
      }
    }
  };
  await Promise.all(Array.from({ length: IN_FLIGHT }, loop));
  if (cancelled(order)) return { generation: order.generation, bad: [] };
  return { generation: order.generation, pixels, bad: bad.sort((a, b) => a - b), error };
}

function reply(answer: BatchReply): void {
  port.postMessage(answer, answer.pixels ? [answer.pixels.buffer as ArrayBuffer] : []);
  Atomics.add(signal, SIGNAL.posted, 1);
  Atomics.notify(signal, SIGNAL.posted);
}

// Orders are made one after another, in the order posted, each answered exactly once.
const queue: BatchOrder[] = [];
let draining = false;
async function drain(): Promise<void> {
  draining = true;
  while (queue.length > 0) {
    const order = queue.shift()!;
    try {
      reply(await make(order));
    } catch (err) {
      // Not an image's fault (e.g. no memory for the batch): every image reported bad with the cause.
      reply({ generation: order.generation, bad: order.files.map((_, i) => i), error: `image worker failed: ${(err as Error).stack ?? String(err)}` });
    }
  }
  draining = false;
}

parentPort!.on('message', (order: BatchOrder) => {
  queue.push(order);
  if (!draining) void drain();
});
