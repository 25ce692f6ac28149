import type * as Ort from 'onnxruntime-node';
import { ONNX_INPUT, ONNX_OUTPUT } from './toOnnx.js';

/** An onnxruntime-node session of a model written by {@link toOnnx}. */
export interface OnnxClassifier {
  /** NHWC images (`[n, h, w, c]`, float32, row-major) → logits (`[n, classes]`, row-major). */
  run(images: Float32Array, shape: readonly [number, number, number, number]): Promise<Float32Array>;
  /** Frees the session. */
  release(): Promise<void>;
}

/**
 * Opens an ONNX model (bytes or a path) in onnxruntime-node on the CPU execution provider, with
 * onnxruntime's full graph optimisations (it fuses Conv+BN, Conv+ReLU on its own).
 */
export async function openOnnxClassifier(model: Uint8Array | string, options: { readonly threads?: number } = {}): Promise<OnnxClassifier> {
  // Loaded here, not with the package: commands that never run a model start without it.
  const ort: typeof Ort = await import('onnxruntime-node');
  const sessionOptions: Ort.InferenceSession.SessionOptions = {
    executionProviders: ['cpu'],
    graphOptimizationLevel: 'all',
    ...(options.threads ? { intraOpNumThreads: options.threads } : {}),
  };
  const session = typeof model === 'string' ? await ort.InferenceSession.create(model, sessionOptions) : await ort.InferenceSession.create(model, sessionOptions);
  return {
    async run(images, shape) {
      const out = await session.run({ [ONNX_INPUT]: new ort.Tensor('float32', images, [...shape]) });
      const logits = out[ONNX_OUTPUT];
      const data = logits.data as Float32Array;
      logits.dispose();
      return data;
    },
    release: () => session.release(),
  };
}
