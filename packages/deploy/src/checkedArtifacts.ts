import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { compareOutputs, type NetworkGraph, type OutputAgreement, writeFileAtomic } from '@reparam/core';
import * as tf from '@tensorflow/tfjs';
import { openOnnxClassifier } from './onnx/onnxSession.js';
import { toOnnx } from './onnx/toOnnx.js';
import { LAYERS_MODEL_FILE, loadLayersModelFile, saveLayersModel } from './tfjs/layersModelFiles.js';
import { toLayersModel } from './tfjs/toLayersModel.js';

/** File name of the ONNX model in a deploy folder. */
export const ONNX_FILE = 'model.onnx';
/** Sub-folder of the tfjs Layers model (model.json + weights.bin) in a deploy folder. */
export const TFJS_DIR = 'tfjs';

/** Writes the graph as a tfjs Layers model into `dir` and checks the saved files against `reference`. */
export async function writeTfjsChecked(graph: NetworkGraph, dir: string, x: tf.Tensor4D, reference: Float32Array): Promise<OutputAgreement> {
  mkdirSync(dir, { recursive: true });
  const model = toLayersModel(graph);
  try {
    await saveLayersModel(model, dir);
  } finally {
    model.dispose();
  }
  const loaded = await loadLayersModelFile(join(dir, LAYERS_MODEL_FILE));
  try {
    const y = tf.tidy(() => (loaded.predict(x) as tf.Tensor).dataSync() as Float32Array);
    return compareOutputs(reference, y);
  } finally {
    loaded.dispose();
  }
}

/** Writes the graph as ONNX to `file` and checks it in onnxruntime-node against `reference`. */
export async function writeOnnxChecked(
  graph: NetworkGraph,
  file: string,
  x: tf.Tensor4D,
  reference: Float32Array,
  metadata: Record<string, string>,
): Promise<OutputAgreement> {
  writeFileAtomic(file, toOnnx(graph, { name: metadata.name, metadata }));
  const session = await openOnnxClassifier(file);
  try {
    const [n, h, w, c] = x.shape;
    return compareOutputs(reference, await session.run(x.dataSync() as Float32Array, [n, h, w, c]));
  } finally {
    await session.release();
  }
}

/** `writeFileSync` of pretty JSON (inside a folder that is moved into place afterwards). */
export function writeJson(path: string, value: unknown): void {
  writeFileSync(path, `${JSON.stringify(value, null, 2)}\n`);
}
