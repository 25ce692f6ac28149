/**
 * Reuses the float32 arrays of disposed kernel outputs for the next outputs of the same size.
 *
 * tfjs disposes tensors as soon as they are no longer needed (tidy, the gradient tape), but their
 * memory waits for V8's garbage collector. A multi-branch training step makes thousands of
 * outputs, and the garbage between two collections then rivals the live tensors in size. Handing
 * the arrays of disposed tensors to the next kernel avoids that. It also avoids the fresh pages
 * of a new allocation.
 *
 * An array may be reused only when nothing else can still see it. Three cases make that unsafe,
 * and the backend reports each one:
 * - The array is read out: `dataSync` returns the backend's own values. The backend hands out a
 *   copy of pooled arrays ({@link BufferPool.owns}).
 * - Another tensor views the same memory: the cpu backend's simple slice is a `subarray`.
 *   {@link BufferPool.registered} marks such a buffer as shared, never to be reused.
 * - The same array is registered twice: also marked shared.
 */
export class BufferPool {
  private readonly free = new Map<number, Float32Array[]>();
  /** Arrays this pool made, and their buffers. */
  private readonly made = new WeakSet<Float32Array>();
  private readonly madeBuffers = new WeakSet<ArrayBufferLike>();
  /** Arrays now the data of a tensor. */
  private readonly live = new WeakSet<Float32Array>();
  /** Buffers something else may still see: never reused. */
  private readonly shared = new WeakSet<ArrayBufferLike>();
  private pooledBytes = 0;

  /** `maxBytes`: the most memory kept for reuse; arrays released beyond it are left to the GC. */
  constructor(private readonly maxBytes = DEFAULT_POOL_MB * 2 ** 20) {}

  /** An array of `n` floats with undefined contents (every native kernel writes all of its output). */
  take(n: number): Float32Array {
    const reused = this.free.get(n)?.pop();
    if (reused) {
      this.pooledBytes -= reused.byteLength;
      return reused;
    }
    const fresh = new Float32Array(Buffer.allocUnsafeSlow(n * 4).buffer, 0, n);
    this.made.add(fresh);
    this.madeBuffers.add(fresh.buffer);
    return fresh;
  }

  /** Whether `values` lives in memory this pool may reuse (so must be copied before it leaves the backend). */
  owns(values: unknown): values is Float32Array {
    return values instanceof Float32Array && this.madeBuffers.has(values.buffer);
  }

  /** `values` became a tensor's data. */
  registered(values: unknown): void {
    if (!this.owns(values)) return;
    // A view of a pooled buffer, or a pooled array that is already some tensor's data.
    if (!this.made.has(values) || this.live.has(values)) this.shared.add(values.buffer);
    else this.live.add(values);
  }

  /** The tensor whose data `values` was is gone. */
  released(values: unknown): void {
    if (!(values instanceof Float32Array) || !this.made.has(values)) return;
    this.live.delete(values);
    if (this.shared.has(values.buffer) || this.pooledBytes + values.byteLength > this.maxBytes) return;
    let list = this.free.get(values.length);
    if (!list) this.free.set(values.length, (list = []));
    list.push(values);
    this.pooledBytes += values.byteLength;
  }

  /** Bytes kept for reuse now. */
  get bytes(): number {
    return this.pooledBytes;
  }
}

/** The pool's cap when REPARAM_NATIVE_POOL_MB is not set. */
export const DEFAULT_POOL_MB = 512;

/**
 * The pool's cap in bytes from REPARAM_NATIVE_POOL_MB (megabytes; 0 turns reuse off). A value that
 * is not a number ≥ 0 is reported once and replaced by the default: read as NaN it would make the
 * cap unlimited.
 */
export function poolBytesFromEnv(value: string | undefined, warn: (message: string) => void = console.warn): number {
  if (value === undefined || value.trim() === '') return DEFAULT_POOL_MB * 2 ** 20;
  const mb = Number(value);
  if (Number.isFinite(mb) && mb >= 0) return mb * 2 ** 20;
  warn(`@reparam/backend-native: REPARAM_NATIVE_POOL_MB must be a number of megabytes ≥ 0, got '${value}'; using ${DEFAULT_POOL_MB}`);
  return DEFAULT_POOL_MB * 2 ** 20;
}
