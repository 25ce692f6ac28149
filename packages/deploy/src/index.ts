/**
 * @packageDocumentation
 * Deploy-time exporters of reparam's `NetworkGraph`s (from @reparam/core): a tfjs Layers model that plain
 * `@tensorflow/tfjs` loads (no reparam package needed), and an ONNX model that onnxruntime runs.
 * Core stays free of ONNX libraries; the CLI's `reparam fuse`, `export` and `bench infer` use this.
 */
export { toLayersModel } from './tfjs/toLayersModel.js';
export { saveLayersModel, loadLayersModelFile, fileModelHandler, LAYERS_MODEL_FILE, LAYERS_WEIGHTS_FILE } from './tfjs/layersModelFiles.js';
export type { OnnxExportOptions } from './onnx/toOnnx.js';
export { toOnnx, ONNX_OPSET, ONNX_IR_VERSION, ONNX_INPUT, ONNX_OUTPUT } from './onnx/toOnnx.js';
export type { OnnxClassifier } from './onnx/onnxSession.js';
export { openOnnxClassifier } from './onnx/onnxSession.js';
export { ONNX_FILE, TFJS_DIR, writeTfjsChecked, writeOnnxChecked, writeJson } from './checkedArtifacts.js';
export { writeThenMove } from './writeThenMove.js';
