/**
 * What the main thread and an image worker of {@link ImageWorkerPool} exchange. Orders go to the
 * worker as messages; each finished batch comes back on the worker's own port with its pixels
 * transferred (not copied), and the worker then bumps `posted` in its shared signal so that the
 * main thread, blocked in `Atomics.wait`, knows a message is there to take synchronously.
 */

/** Fields of a worker's shared `Int32Array` signal. */
export const SIGNAL = {
  /** Batches (made or cancelled) posted back so far. */
  posted: 0,
  /** Orders of this generation or older are cancelled: answered at once, without images. */
  cancelled: 1,
  /** Fields in all. */
  fields: 2,
} as const;

/** A batch for a worker to make: files in batch order, and a crop seed each (none: evaluation). */
export interface BatchOrder {
  readonly generation: number;
  /** A buffer of a finished batch to fill again (transferred), saving fresh memory's page faults. */
  readonly buffer?: ArrayBuffer;
  readonly files: readonly string[];
  readonly seeds: readonly number[] | null;
}

/** A worker's answer to one {@link BatchOrder}. */
export interface BatchReply {
  readonly generation: number;
  /** `files.length · size · size · 3` normalised values (absent when cancelled). */
  readonly pixels?: Float32Array;
  /** Positions of the images that could not be read or decoded. */
  readonly bad: readonly number[];
  /** The first bad image's one-line message. */
  readonly error?: string;
}

/** What a worker is started with. */
export interface WorkerSetup {
  readonly recipe: import('./ImageRecipe.js').ImageRecipe;
  readonly signal: SharedArrayBuffer;
  readonly port: import('node:worker_threads').MessagePort;
}
