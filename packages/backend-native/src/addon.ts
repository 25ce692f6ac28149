import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { foreignBuildReason } from './cpuTarget.js';

/** The N-API addon's functions (see native/*.cc for each one's arguments). */
export interface NativeAddon {
  conv2dForward(x: Float32Array, w: Float32Array, y: Float32Array, ...shape: number[]): void;
  conv2dForwardEpilogue(
    x: Float32Array, w: Float32Array, y: Float32Array, scale: Float32Array | null, shift: Float32Array | null, residual: Float32Array | null, relu: boolean,
    ...shape: number[]
  ): void;
  conv2dBackwardData(dy: Float32Array, w: Float32Array, dx: Float32Array, ...shape: number[]): void;
  conv2dBackwardWeights(x: Float32Array, dy: Float32Array, dw: Float32Array, ...shape: number[]): void;
  binary(op: number, a: Float32Array, b: Float32Array, out: Float32Array, mode: number, inner: number): void;
  binaryBroadcast(op: number, a: Float32Array, aStrides: number[], b: Float32Array, bStrides: number[], out: Float32Array, outShape: number[]): void;
  unary(op: number, x: Float32Array, out: Float32Array, alpha: number): void;
  reduceOuter(x: Float32Array, out: Float32Array, outer: number, inner: number, scale: number, isMax: boolean): void;
  reduceInner(x: Float32Array, out: Float32Array, outer: number, inner: number, scale: number, isMax: boolean): void;
  addN(out: Float32Array, ...inputs: Float32Array[]): void;
  reluGrad(dy: Float32Array, x: Float32Array, out: Float32Array): void;
  sgdUpdate(w: Float32Array, g: Float32Array, v: Float32Array, wOut: Float32Array, vOut: Float32Array, lr: number, momentum: number, weightDecay: number, nesterov: boolean): void;
  reduceMiddle(x: Float32Array, out: Float32Array, outer: number, mid: number, inner: number, scale: number, isMax: boolean): void;
  bnForward(x: Float32Array, gamma: Float32Array, beta: Float32Array, y: Float32Array, mean: Float32Array, variance: Float32Array, rows: number, channels: number, eps: number): void;
  bnBackward(
    dy: Float32Array, x: Float32Array, gamma: Float32Array, mean: Float32Array, variance: Float32Array, dmean: Float32Array, dvar: Float32Array,
    dx: Float32Array, dgamma: Float32Array, dbeta: Float32Array, rows: number, channels: number, eps: number,
  ): void;
  channelAffine(x: Float32Array, scale: Float32Array, shift: Float32Array, y: Float32Array, rows: number, channels: number): void;
  avgPoolForward(x: Float32Array, y: Float32Array, ...shape: number[]): void;
  avgPoolBackward(dy: Float32Array, dx: Float32Array, ...shape: number[]): void;
  slice4(x: Float32Array, xShape: number[], begin: number[], out: Float32Array, outShape: number[]): void;
  pad4(x: Float32Array, xShape: number[], before: number[], out: Float32Array, outShape: number[], value: number): void;
  weightedSum(kernels: Float32Array[], scales: Float32Array[], sizes: number[], out: Float32Array, kh: number, kw: number, cin: number, cout: number): void;
  weightedSumGrad(
    dy: Float32Array, kernels: Float32Array[], scales: Float32Array[], sizes: number[], dKernels: Float32Array[], dScales: Float32Array[],
    kh: number, kw: number, cin: number, cout: number,
  ): void;
  tile4(x: Float32Array, xShape: number[], out: Float32Array, outShape: number[]): void;
  oneDnnVersion(): string;
  batchMatMul(a: Float32Array, b: Float32Array, out: Float32Array, batchA: number, batchB: number, m: number, n: number, k: number, transposeA: boolean, transposeB: boolean): void;
}

let addon: NativeAddon | undefined;
let loadError: string | undefined;
// OpenMP threads that sleep between kernels (instead of spinning) leave the core to the JS thread
// and the GC between the many short kernels of a training step: measured ~10% faster here. But
// waking a sleeping thread costs ~0.1 ms, as much as a ReLU over 800k floats, so they first spin a
// little (20,000 iterations, tens of µs): back-to-back kernels then find them awake. Measured on
// bench-net plain: inference 52–63 → 36–38 ms, training 335–422 → 429–477 img/s. libgomp reads
// both when the addon loads it; a user's own settings win.
process.env.OMP_WAIT_POLICY ??= 'PASSIVE';
process.env.GOMP_SPINCOUNT ??= '20000';
const foreign = foreignBuildReason(fileURLToPath(new URL('../build/Release/cpu-target.json', import.meta.url)));
if (foreign) {
  loadError = foreign;
} else {
  try {
    addon = createRequire(import.meta.url)('../build/Release/reparam_native.node') as NativeAddon;
  } catch (err) {
    loadError = (err as Error).message.split('\n')[0];
  }
}

/** The loaded addon; only call when {@link isNativeAvailable} is true. */
export function nativeAddon(): NativeAddon {
  if (!addon) throw new Error(`the reparam native addon is not available: ${loadError}`);
  return addon;
}

/** Whether the oneDNN addon was built and loads on this machine. */
export function isNativeAvailable(): boolean {
  return addon !== undefined;
}

/** The oneDNN version the addon runs on (undefined when it did not load). */
export function oneDnnVersion(): string | undefined {
  return addon?.oneDnnVersion();
}

/** Why the addon did not load (undefined when it did). */
export function nativeLoadError(): string | undefined {
  return loadError;
}
