import { createRequire } from 'node:module';
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import type { ImageRecipe } from './ImageRecipe.js';
import { allocateSlots, ERROR_BYTES, SLOT, SLOT_STATE, type BatchOrder, type SlotBuffers, type WorkerOrder } from './slotLayout.js';

/** How many threads decode and how many batches they may make ahead of the consumer. */
export interface PoolOptions {
  /** Worker threads (default {@link STREAM_DEFAULTS}.workers). */
  readonly workers?: number;
  /** Batches made ahead of the one being consumed, i.e. prefetch slots (default {@link STREAM_DEFAULTS}.prefetch). */
  readonly prefetch?: number;
}

/** Defaults of {@link PoolOptions}: up to four workers (one per core), three batches ahead. */
export const STREAM_DEFAULTS = {
  workers: Math.min(4, availableParallelism()),
  prefetch: 3,
  /** A batch whose images make no progress for this long means a worker died: a bug, reported as such. */
  stallSeconds: 300,
} as const;

/** One batch to make: files in batch order, and a crop seed each (none: the evaluation transform). */
export interface BatchPlan {
  readonly files: readonly string[];
  readonly seeds: readonly number[] | null;
}

/** A batch as the workers made it. */
export interface MadeBatch {
  readonly plan: BatchPlan;
  /** `files.length · size · size · 3` normalised values, NHWC (a bad image's values are undefined). */
  readonly pixels: Float32Array;
  /** Positions in the batch of the images that could not be read or decoded. */
  readonly bad: readonly number[];
  /** The first bad image's one-line message. */
  readonly error?: string;
}

/** Where the compiled worker lives: next to this module, or in dist/ when this module runs from src/ (tests). */
function workerFile(): URL {
  const here = import.meta.url;
  return here.endsWith('.ts') ? new URL('../../dist/stream/imageWorker.js', here) : new URL('./imageWorker.js', here);
}

const decoder = new TextDecoder();

/**
 * A pool of worker threads that read, decode and transform images into batches with bounded prefetch.
 *
 * The consumer's side is synchronous (a {@link DataSplit}'s batches are an `Iterable`): the main
 * thread posts batch orders and blocks in `Atomics.wait` until the next batch's shared slot is
 * ready, while the workers fill the slots behind it. At most `prefetch` batches exist in shared
 * memory, so memory does not depend on the number of images. Workers start on first use, are
 * `unref`'d (they never keep the process alive) and end with {@link ImageWorkerPool.close}.
 *
 * One stream at a time: starting a new one cancels the previous stream's unfinished batches.
 */
export class ImageWorkerPool {
  readonly workers: number;
  readonly prefetch: number;
  private threads: Worker[] = [];
  private buffers: SlotBuffers | undefined;
  private control: Int32Array<ArrayBufferLike> = new Int32Array(0);
  private generation = 0;
  private readonly inFlight = new Set<number>();
  private owner: object | undefined;

  constructor(
    readonly recipe: ImageRecipe,
    options: PoolOptions = {},
  ) {
    this.workers = options.workers ?? STREAM_DEFAULTS.workers;
    this.prefetch = options.prefetch ?? STREAM_DEFAULTS.prefetch;
    if (!(Number.isInteger(this.workers) && this.workers >= 1)) throw new RangeError(`workers must be a positive integer (got ${this.workers})`);
    if (!(Number.isInteger(this.prefetch) && this.prefetch >= 1)) throw new RangeError(`prefetch must be a positive integer (got ${this.prefetch})`);
  }

  private get imageValues(): number {
    return this.recipe.size * this.recipe.size * 3;
  }

  /**
   * Makes the batches of `plans` in order, each batch's images spread over all workers. The
   * returned pixels are the caller's own (copied out of shared memory).
   */
  *stream(plans: Iterator<BatchPlan>): Generator<MadeBatch> {
    const token = {};
    this.cancelInFlight();
    this.owner = token;
    const queued: { slot: number; plan: BatchPlan }[] = [];
    const free: number[] = [];
    let exhausted = false;
    const refill = () => {
      while (!exhausted && free.length > 0) {
        const next = plans.next();
        if (next.done) {
          exhausted = true;
          return;
        }
        const slot = free.shift()!;
        this.post(slot, next.value);
        queued.push({ slot, plan: next.value });
      }
    };
    try {
      // The first plan decides the capacity of the slots (later ones are never larger).
      const first = plans.next();
      if (first.done) return;
      this.ensureCapacity(first.value.files.length);
      for (let s = 0; s < this.prefetch; s++) free.push(s);
      const slot = free.shift()!;
      this.post(slot, first.value);
      queued.push({ slot, plan: first.value });
      refill();
      while (queued.length > 0) {
        const { slot, plan } = queued.shift()!;
        this.waitReady(slot);
        const made = this.read(slot, plan);
        this.inFlight.delete(slot);
        free.push(slot);
        refill();
        yield made;
        if (this.owner !== token) throw new Error('an image stream was used after a newer one started on the same pool');
      }
    } finally {
      if (this.owner === token) {
        this.cancelInFlight();
        this.owner = undefined;
      }
    }
  }

  /** Ends the worker threads; a later stream starts new ones. */
  async close(): Promise<void> {
    this.cancelInFlight();
    const threads = this.threads;
    this.threads = [];
    this.buffers = undefined;
    await Promise.all(threads.map((t) => t.terminate()));
  }

  private ensureCapacity(batch: number): void {
    if (batch > (this.buffers?.capacity ?? 0)) {
      this.buffers = allocateSlots(this.prefetch, batch, this.imageValues);
      this.control = new Int32Array(this.buffers.control);
      const order: WorkerOrder = { type: 'buffers', buffers: this.buffers };
      for (const t of this.threads) t.postMessage(order);
    }
    // sharp must be loaded by the main thread before any worker loads it (glibc keeps it resident then).
    if (this.threads.length === 0) createRequire(import.meta.url)('sharp');
    while (this.threads.length < this.workers) {
      const thread = new Worker(workerFile(), { workerData: { recipe: this.recipe, buffers: this.buffers } });
      thread.unref();
      this.threads.push(thread);
    }
  }

  private post(slot: number, plan: BatchPlan): void {
    if (plan.files.length > this.buffers!.capacity) {
      throw new RangeError(`a batch of ${plan.files.length} images is larger than the stream's first batch (${this.buffers!.capacity})`);
    }
    this.retire(slot);
    const c = this.control;
    const base = slot * SLOT.fields;
    Atomics.store(c, base + SLOT.claimed, 0);
    Atomics.store(c, base + SLOT.done, 0);
    Atomics.store(c, base + SLOT.errorLength, 0);
    Atomics.store(c, base + SLOT.state, SLOT_STATE.pending);
    const generation = ++this.generation;
    Atomics.store(c, base + SLOT.generation, generation);
    this.inFlight.add(slot);
    const order: BatchOrder = { type: 'batch', slot, generation, files: plan.files, seeds: plan.seeds };
    for (const t of this.threads) t.postMessage(order);
  }

  /** Invalidates `slot`'s batch and waits until no worker is inside it any more. */
  private retire(slot: number): void {
    const c = this.control;
    const base = slot * SLOT.fields;
    Atomics.store(c, base + SLOT.generation, 0);
    for (let active = Atomics.load(c, base + SLOT.active); active !== 0; active = Atomics.load(c, base + SLOT.active)) {
      Atomics.wait(c, base + SLOT.active, active, 50);
    }
  }

  private cancelInFlight(): void {
    for (const slot of this.inFlight) this.retire(slot);
    this.inFlight.clear();
  }

  private waitReady(slot: number): void {
    const c = this.control;
    const base = slot * SLOT.fields;
    let lastDone = -1;
    let since = performance.now();
    while (Atomics.load(c, base + SLOT.state) !== SLOT_STATE.ready) {
      Atomics.wait(c, base + SLOT.state, SLOT_STATE.pending, 1000);
      const done = Atomics.load(c, base + SLOT.done);
      if (done !== lastDone) {
        lastDone = done;
        since = performance.now();
      } else if (performance.now() - since > STREAM_DEFAULTS.stallSeconds * 1000) {
        throw new Error(`image workers made no progress for ${STREAM_DEFAULTS.stallSeconds} s (a worker thread died?)`);
      }
    }
  }

  private read(slot: number, plan: BatchPlan): MadeBatch {
    const buffers = this.buffers!;
    const n = plan.files.length;
    const values = buffers.imageValues;
    const offset = slot * buffers.capacity;
    const pixels = new Float32Array(buffers.pixels, offset * values * 4, n * values).slice();
    const flags = new Int32Array(buffers.bad, offset * 4, n);
    const bad: number[] = [];
    for (let j = 0; j < n; j++) if (flags[j] !== 0) bad.push(j);
    if (bad.length === 0) return { plan, pixels, bad };
    const length = Atomics.load(this.control, slot * SLOT.fields + SLOT.errorLength);
    const error = decoder.decode(new Uint8Array(buffers.errors, slot * ERROR_BYTES, Math.max(0, length)).slice());
    return { plan, pixels, bad, error };
  }
}
