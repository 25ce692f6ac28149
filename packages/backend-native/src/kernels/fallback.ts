import * as tf from '@tensorflow/tfjs';

/** The cpu backend's implementation of a kernel, used when the native one does not cover a case. */
export function cpuKernel(name: string): tf.KernelFunc {
  const k = tf.getKernel(name, 'cpu');
  if (!k) throw new Error(`tfjs cpu backend has no kernel ${name}`);
  return k.kernelFunc;
}

/** Runs a native call; false when the addon refused it (e.g. a geometry oneDNN does not take). */
export function attempt(call: () => void): boolean {
  try {
    call();
    return true;
  } catch {
    return false;
  }
}
