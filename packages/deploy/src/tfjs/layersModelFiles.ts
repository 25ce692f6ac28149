import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { writeFileAtomic } from '@reparam/core';
import * as tf from '@tensorflow/tfjs';

/** Name of the topology + manifest file of a saved Layers model. */
export const LAYERS_MODEL_FILE = 'model.json';
/** Name of its one weights file. */
export const LAYERS_WEIGHTS_FILE = 'weights.bin';

function joinWeightData(data: tf.io.WeightData): Uint8Array {
  const parts = Array.isArray(data) ? data : [data];
  const out = new Uint8Array(parts.reduce((n, p) => n + p.byteLength, 0));
  let offset = 0;
  for (const p of parts) {
    out.set(new Uint8Array(p), offset);
    offset += p.byteLength;
  }
  return out;
}

/**
 * Saves a Layers model into `dir` as `model.json` + `weights.bin`, the format of `model.save('file://…')`
 * (tfjs-node, which cannot be installed here, would write the same), so `tf.loadLayersModel` of plain
 * `@tensorflow/tfjs` reads it with any IO handler. Returns the paths written.
 */
export async function saveLayersModel(model: tf.LayersModel, dir: string): Promise<string[]> {
  let written: string[] = [];
  await model.save(
    tf.io.withSaveHandler(async (artifacts) => {
      const weights = artifacts.weightData ? joinWeightData(artifacts.weightData) : new Uint8Array(0);
      const modelJson = {
        format: 'layers-model',
        generatedBy: `TensorFlow.js tfjs-layers v${tf.version['tfjs-layers']}`,
        convertedBy: '@reparam/deploy',
        modelTopology: artifacts.modelTopology,
        weightsManifest: [{ paths: [`./${LAYERS_WEIGHTS_FILE}`], weights: artifacts.weightSpecs ?? [] }],
      };
      writeFileAtomic(join(dir, LAYERS_WEIGHTS_FILE), weights);
      writeFileAtomic(join(dir, LAYERS_MODEL_FILE), JSON.stringify(modelJson));
      written = [join(dir, LAYERS_MODEL_FILE), join(dir, LAYERS_WEIGHTS_FILE)];
      return { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON', weightDataBytes: weights.byteLength } };
    }),
  );
  return written;
}

/**
 * An IO handler that reads a `model.json` and the weight files it names from disk, for
 * `tf.loadLayersModel` in Node without tfjs-node (plain `@tensorflow/tfjs` only has http and
 * browser handlers). The same dozen lines are in docs/deployment.md for users.
 */
export function fileModelHandler(modelJsonPath: string): tf.io.IOHandler {
  return {
    load: async () => {
      const json = JSON.parse(readFileSync(modelJsonPath, 'utf8')) as tf.io.ModelJSON;
      const dir = join(modelJsonPath, '..');
      const groups = json.weightsManifest ?? [];
      const buffers = groups.flatMap((g) => g.paths.map((p) => readFileSync(join(dir, p))));
      const weightData = joinWeightData(buffers.map((b) => b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength) as ArrayBuffer));
      return {
        modelTopology: json.modelTopology,
        format: json.format,
        generatedBy: json.generatedBy,
        convertedBy: json.convertedBy,
        weightSpecs: groups.flatMap((g) => g.weights),
        weightData: weightData.buffer as ArrayBuffer,
      };
    },
  };
}

/** Loads a Layers model saved by {@link saveLayersModel} (or any tfjs `model.json`) from disk. */
export function loadLayersModelFile(modelJsonPath: string): Promise<tf.LayersModel> {
  return tf.loadLayersModel(fileModelHandler(modelJsonPath));
}
