/**
 * The shared memory through which the image workers hand batches to the main thread (see
 * {@link ImageWorkerPool}): per prefetch slot, a row of `Int32` control fields, `capacity` images of
 * normalised floats, a bad-image flag per image and room for the first error message.
 */
export const SLOT = {
  /** {@link SLOT_STATE}: pending or ready. */
  state: 0,
  /** Next image index a worker may claim (`Atomics.add`). */
  claimed: 1,
  /** Images finished, good or bad. */
  done: 2,
  /** Workers between checking `generation` and finishing an image of this slot. */
  active: 3,
  /** Which batch the slot holds now; a worker drops a message of another generation. */
  generation: 4,
  /** Bytes of the first error message; −1 while one is being written. */
  errorLength: 5,
  /** Control fields per slot. */
  fields: 6,
} as const;

/** Values of the `state` field. */
export const SLOT_STATE = { pending: 0, ready: 1 } as const;

/** Room for one error message (UTF-8) per slot. */
export const ERROR_BYTES = 2048;

/** The shared buffers of a pool: control, pixels, bad flags, error messages. */
export interface SlotBuffers {
  readonly slots: number;
  /** Images per slot (the largest batch the buffers hold). */
  readonly capacity: number;
  /** Values per image (`size · size · 3`). */
  readonly imageValues: number;
  readonly control: SharedArrayBuffer;
  readonly pixels: SharedArrayBuffer;
  readonly bad: SharedArrayBuffer;
  readonly errors: SharedArrayBuffer;
}

/** Allocates the buffers for `slots` batches of up to `capacity` images of `imageValues` floats. */
export function allocateSlots(slots: number, capacity: number, imageValues: number): SlotBuffers {
  return {
    slots,
    capacity,
    imageValues,
    control: new SharedArrayBuffer(slots * SLOT.fields * 4),
    pixels: new SharedArrayBuffer(slots * capacity * imageValues * 4),
    bad: new SharedArrayBuffer(slots * capacity * 4),
    errors: new SharedArrayBuffer(slots * ERROR_BYTES),
  };
}

/** A batch for the workers to make: files in batch order, and a crop seed each (none: evaluation). */
export interface BatchOrder {
  readonly type: 'batch';
  readonly slot: number;
  readonly generation: number;
  readonly files: readonly string[];
  readonly seeds: readonly number[] | null;
}

/** New (larger) buffers; every later order refers to them. */
export interface BuffersOrder {
  readonly type: 'buffers';
  readonly buffers: SlotBuffers;
}

/** What the main thread posts to an image worker. */
export type WorkerOrder = BatchOrder | BuffersOrder;
