import { createRequire } from 'node:module';
import { availableParallelism } from 'node:os';
import { MessageChannel, type MessagePort, receiveMessageOnPort, Worker } from 'node:worker_threads';
import type { ImageRecipe } from './ImageRecipe.js';
import { type BatchOrder, type BatchReply, SIGNAL, type WorkerSetup } from './workerProtocol.js';

/** How many threads decode and how many batches they may make ahead of the consumer. */
export interface PoolOptions {
  /** Worker threads (default {@link STREAM_DEFAULTS}.workers). */
  readonly workers?: number;
  /** Batches ordered ahead of the one being consumed (default: {@link STREAM_DEFAULTS}.prefetchPerWorker per worker). */
  readonly prefetch?: number;
}

/** Defaults of {@link PoolOptions}: up to four workers (one per core), two batches ahead per worker. */
export const STREAM_DEFAULTS = {
  workers: Math.min(4, availableParallelism()),
  prefetchPerWorker: 2,
  /** A batch not finished after this long means a worker died: a bug, reported as such. */
  stallSeconds: 300,
} as const;

/** One batch to make: files in batch order, and a crop seed each (none: the evaluation transform). */
export interface BatchPlan {
  readonly files: readonly string[];
  readonly seeds: readonly number[] | null;
}

/** A batch as a worker made it. */
export interface MadeBatch {
  readonly plan: BatchPlan;
  /** `files.length · size · size · 3` normalised values, NHWC (a bad image's values are undefined). */
  readonly pixels: Float32Array;
  /** Positions in the batch of the images that could not be read or decoded. */
  readonly bad: readonly number[];
  /** The first bad image's one-line message. */
  readonly error?: string;
}

/** Batches handed out whose buffers are remembered for reuse (see {@link ImageWorkerPool.lend}). */
const LENT_LIMIT = 64;

/** Where the compiled worker lives: next to this module, or in dist/ when this module runs from src/ (tests). */
function workerFile(): URL {
  const here = import.meta.url;
  return here.endsWith('.ts') ? new URL('../../dist/stream/imageWorker.js', here) : new URL('./imageWorker.js', here);
}

interface Thread {
  readonly worker: Worker;
  /** The main thread's end of the worker's reply channel. */
  readonly port: MessagePort;
  readonly signal: Int32Array;
  /** Orders sent to it and replies taken from it. */
  sent: number;
  received: number;
}

/**
 * A pool of worker threads that read, decode and transform images into batches with bounded prefetch.
 *
 * The consumer's side is synchronous (a `DataSplit`'s batches are an `Iterable`): the main thread
 * hands batch orders round the workers, each of which makes whole batches into buffers of its own and
 * transfers them back (no copy), while the main thread blocks in `Atomics.wait` until the next batch
 * in order is there and takes it with `receiveMessageOnPort`. At most `prefetch` batches are ordered
 * ahead, so memory does not depend on the number of images. Workers start on first use, are
 * `unref`'d (they never keep the process alive) and end with {@link ImageWorkerPool.close}.
 *
 * One stream at a time: starting a new one cancels the previous stream's unfinished batches.
 */
export class ImageWorkerPool {
  readonly workers: number;
  readonly prefetch: number;
  private threads: Thread[] = [];
  private generation = 0;
  private turn = 0;
  private owner: object | undefined;
  /** Buffers of batches whose tensors may still be alive, and buffers free to fill again. */
  private lent: { readonly tensor: { readonly isDisposed: boolean }; readonly buffer: ArrayBuffer }[] = [];
  private free: ArrayBuffer[] = [];

  constructor(
    readonly recipe: ImageRecipe,
    options: PoolOptions = {},
  ) {
    this.workers = options.workers ?? STREAM_DEFAULTS.workers;
    this.prefetch = options.prefetch ?? STREAM_DEFAULTS.prefetchPerWorker * this.workers;
    if (!(Number.isInteger(this.workers) && this.workers >= 1)) throw new RangeError(`workers must be a positive integer (got ${this.workers})`);
    if (!(Number.isInteger(this.prefetch) && this.prefetch >= 1)) throw new RangeError(`prefetch must be a positive integer (got ${this.prefetch})`);
  }

  /** Makes the batches of `plans` in order. The returned pixels are the caller's own. */
  *stream(plans: Iterator<BatchPlan>): Generator<MadeBatch> {
    const token = {};
    this.cancelAll();
    this.owner = token;
    this.start();
    const queued: { thread: Thread; generation: number; plan: BatchPlan }[] = [];
    let exhausted = false;
    const refill = () => {
      while (!exhausted && queued.length < this.prefetch) {
        const next = plans.next();
        if (next.done) exhausted = true;
        else queued.push(this.order(next.value));
      }
    };
    try {
      refill();
      while (queued.length > 0) {
        const { thread, generation, plan } = queued.shift()!;
        const reply = this.take(thread);
        if (reply.generation !== generation || !reply.pixels) throw new Error(`image worker replied to batch ${reply.generation}, expected ${generation}`);
        refill();
        yield { plan, pixels: reply.pixels, bad: reply.bad, ...(reply.error === undefined ? {} : { error: reply.error }) };
        if (this.owner !== token) throw new Error('an image stream was used after a newer one started on the same pool');
      }
    } finally {
      if (this.owner === token) {
        this.cancelAll();
        this.owner = undefined;
      }
    }
  }

  /**
   * Notes that `buffer` now holds the data of `tensor`: once the tensor is disposed, the buffer is
   * filled again for a later batch instead of new memory (whose first touch costs a page fault per
   * 4 KiB, as much as making the images here). Only buffers no tensor can read any more are reused.
   */
  lend(tensor: { readonly isDisposed: boolean }, buffer: ArrayBuffer): void {
    this.lent.push({ tensor, buffer });
    if (this.lent.length > LENT_LIMIT) this.lent.shift(); // a consumer that keeps its batches: forget the oldest
  }

  /** Hands back a buffer nothing refers to any more (e.g. a batch compacted into another). */
  giveBack(buffer: ArrayBuffer): void {
    if (this.free.length < this.prefetch + 1) this.free.push(buffer);
  }

  /** Ends the worker threads; a later stream starts new ones. */
  async close(): Promise<void> {
    this.cancelAll();
    const threads = this.threads;
    this.threads = [];
    await Promise.all(threads.map((t) => t.worker.terminate()));
  }

  private start(): void {
    if (this.threads.length > 0) return;
    // sharp must be loaded by the main thread before any worker loads it (glibc keeps it resident then).
    createRequire(import.meta.url)('sharp');
    for (let w = 0; w < this.workers; w++) {
      const { port1, port2 } = new MessageChannel();
      const signal = new SharedArrayBuffer(SIGNAL.fields * 4);
      const setup: WorkerSetup = { recipe: this.recipe, signal, port: port2 };
      const worker = new Worker(workerFile(), { workerData: setup, transferList: [port2] });
      worker.unref();
      port1.unref();
      this.threads.push({ worker, port: port1, signal: new Int32Array(signal), sent: 0, received: 0 });
    }
  }

  /** A free buffer of `bytes`, after taking back those of disposed tensors. */
  private reuse(bytes: number): ArrayBuffer | undefined {
    this.lent = this.lent.filter((l) => {
      if (!l.tensor.isDisposed) return true;
      this.giveBack(l.buffer);
      return false;
    });
    const at = this.free.findIndex((b) => b.byteLength === bytes);
    return at < 0 ? undefined : this.free.splice(at, 1)[0];
  }

  /** Hands `plan` to the next worker in turn. */
  private order(plan: BatchPlan): { thread: Thread; generation: number; plan: BatchPlan } {
    const thread = this.threads[this.turn++ % this.threads.length];
    const buffer = this.reuse(plan.files.length * this.recipe.size * this.recipe.size * 3 * 4);
    const order: BatchOrder = { generation: ++this.generation, files: plan.files, seeds: plan.seeds, ...(buffer ? { buffer } : {}) };
    thread.worker.postMessage(order, buffer ? [buffer] : []);
    thread.sent++;
    return { thread, generation: order.generation, plan };
  }

  /** Blocks until `thread`'s next reply is posted, and takes it. */
  private take(thread: Thread): BatchReply {
    let since = performance.now();
    let posted = Atomics.load(thread.signal, SIGNAL.posted);
    while (posted <= thread.received) {
      Atomics.wait(thread.signal, SIGNAL.posted, posted, 1000);
      posted = Atomics.load(thread.signal, SIGNAL.posted);
      if (posted <= thread.received && performance.now() - since > STREAM_DEFAULTS.stallSeconds * 1000) {
        throw new Error(`an image worker made no batch for ${STREAM_DEFAULTS.stallSeconds} s (did the thread die?)`);
      }
      since = posted > thread.received ? performance.now() : since;
    }
    const message = receiveMessageOnPort(thread.port);
    if (!message) throw new Error('an image worker signalled a batch that is not on its port');
    thread.received++;
    return message.message as BatchReply;
  }

  /** Cancels every order not yet taken and takes (discards) their replies, so the next stream starts clean. */
  private cancelAll(): void {
    for (const thread of this.threads) {
      Atomics.store(thread.signal, SIGNAL.cancelled, this.generation);
      while (thread.received < thread.sent) this.take(thread);
    }
  }
}
