import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { compareOutputs, multiBranchGraph, type NetworkGraph, type Registry, reparameterize } from '@reparam/core';
import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openOnnxClassifier, saveLayersModel, toLayersModel, toOnnx } from '../src/index.js';
import { bestBackend, makeRegistry, randomImages, TINY_LAYOUTS, tinyNet } from './nets.js';

let registry: Registry;
const tmp = mkdtempSync(join(tmpdir(), 'reparam-deploy-export-'));
beforeAll(async () => {
  await bestBackend();
  registry = makeRegistry();
});
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

const shape: [number, number, number] = [11, 10, 2];

/** Loads model.json + weights with plain tfjs: its own fromMemory handler, no reparam code. */
async function loadWithPlainTfjs(dir: string): Promise<tf.LayersModel> {
  const json = JSON.parse(readFileSync(join(dir, 'model.json'), 'utf8'));
  const weights = readFileSync(join(dir, json.weightsManifest[0].paths[0]));
  return tf.loadLayersModel(
    tf.io.fromMemory({
      modelTopology: json.modelTopology,
      weightSpecs: json.weightsManifest[0].weights,
      weightData: weights.buffer.slice(weights.byteOffset, weights.byteOffset + weights.byteLength),
    }),
  );
}

const cases: [string, string][] = [
  ['basic', 'sum'],
  ['basic', 'scaled'],
  ['bottleneck', 'post-bn'],
  ['basic', 'online'],
  ['plain', 'sum'],
];

describe('exports match the multi-branch net in eval mode', () => {
  for (const [kind, aggregation] of cases) {
    for (const form of ['fused', 'multi-branch'] as const) {
      it(`${kind} blocks, every op, ${aggregation}, ${form} form: tfjs Layers (saved, loaded back) and ONNX (onnxruntime-node)`, async () => {
        const net = tinyNet(registry, TINY_LAYOUTS[kind], { aggregation });
        const x = randomImages(4, shape);
        const reference = tf.tidy(() => net.forward(x, false).dataSync() as Float32Array);
        const graph: NetworkGraph = form === 'fused' ? reparameterize(net) : multiBranchGraph(net);

        const dir = join(tmp, `${kind}-${aggregation}-${form}`);
        const model = toLayersModel(graph);
        mkdirSync(dir, { recursive: true });
        await saveLayersModel(model, dir);
        model.dispose();
        const loaded = await loadWithPlainTfjs(dir);
        const viaLayers = tf.tidy(() => (loaded.predict(x) as tf.Tensor).dataSync() as Float32Array);
        loaded.dispose();
        const layersAgreement = compareOutputs(reference, viaLayers);
        expect(layersAgreement.ok, `tfjs max|Δ| ${layersAgreement.maxAbsError} > ${layersAgreement.tolerance}`).toBe(true);

        const session = await openOnnxClassifier(toOnnx(graph));
        const viaOnnx = await session.run(x.dataSync() as Float32Array, [4, ...shape]);
        await session.release();
        const onnxAgreement = compareOutputs(reference, viaOnnx);
        expect(onnxAgreement.ok, `onnx max|Δ| ${onnxAgreement.maxAbsError} > ${onnxAgreement.tolerance}`).toBe(true);
        x.dispose();
        net.dispose();
      });
    }
  }

  it('a saved fused model loads in a Node process that imports nothing but @tensorflow/tfjs', async () => {
    const net = tinyNet(registry, TINY_LAYOUTS.basic);
    const dir = join(tmp, 'standalone');
    mkdirSync(dir, { recursive: true });
    const model = toLayersModel(reparameterize(net));
    await saveLayersModel(model, dir);
    model.dispose();
    const x = randomImages(2, shape);
    const reference = tf.tidy(() => net.forward(x, false).dataSync() as Float32Array);
    writeFileSync(join(dir, 'input.json'), JSON.stringify(Array.from(x.dataSync())));
    const script = `
      import * as tf from '@tensorflow/tfjs';
      import { readFileSync } from 'node:fs';
      const dir = process.argv[2];
      const json = JSON.parse(readFileSync(dir + '/model.json', 'utf8'));
      const bin = readFileSync(dir + '/' + json.weightsManifest[0].paths[0]);
      const model = await tf.loadLayersModel(tf.io.fromMemory({ modelTopology: json.modelTopology, weightSpecs: json.weightsManifest[0].weights,
        weightData: bin.buffer.slice(bin.byteOffset, bin.byteOffset + bin.byteLength) }));
      const x = tf.tensor4d(JSON.parse(readFileSync(dir + '/input.json', 'utf8')), [2, ${shape.join(', ')}]);
      console.log(JSON.stringify(Array.from(model.predict(x).dataSync())));
    `;
    // Run from the deploy package so that '@tensorflow/tfjs' resolves to the same install a user has.
    const file = join(import.meta.dirname, '..', `.standalone-${process.pid}.mjs`);
    writeFileSync(file, script);
    try {
      const out = execFileSync(process.execPath, [file, dir], { encoding: 'utf8' });
      const agreement = compareOutputs(reference, JSON.parse(out));
      expect(agreement.ok, `max|Δ| ${agreement.maxAbsError}`).toBe(true);
    } finally {
      rmSync(file, { force: true });
    }
    x.dispose();
    net.dispose();
  });
});
