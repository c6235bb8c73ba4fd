import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import vm from 'node:vm';
import type { io } from '@tensorflow/tfjs';
import { AppError } from '../../src/errors.js';

/** Keras-style topology as stored in nsfwjs's model.json. */
export interface KerasTopology {
  model_config: { config: { layers: KerasLayerJson[] } };
  [key: string]: unknown;
}

export interface KerasLayerJson {
  name: string;
  class_name: string;
  config: Record<string, unknown>;
}

interface ModelJson {
  modelTopology: KerasTopology;
  weightsManifest: { paths: string[]; weights: io.WeightsManifestEntry[] }[];
}

/** The nsfwjs package ships its models next to its code, not as a download. */
export function nsfwModelDir(model = 'mobilenet_v2'): string {
  const entry = createRequire(import.meta.url).resolve('nsfwjs'); // .../nsfwjs/dist/cjs/index.js
  return join(dirname(entry), '..', 'models', model);
}

/**
 * Model artifacts for tf.io.fromMemory, read from disk. nsfwjs stores model.json and each weight shard as
 * a small UMD bundle (`model.min.js` exporting the JSON, `<shard>.min.js` exporting base64) so that
 * bundlers can import them; we evaluate each bundle in an empty context with only `module`/`exports`
 * defined and take what it exports. No network, and no tfjs-node for file:// URLs.
 */
export async function readNsfwModel(
  dir = nsfwModelDir(),
): Promise<io.ModelArtifacts & { modelTopology: KerasTopology }> {
  const json = (await evalBundle(join(dir, 'model.min.js'))) as ModelJson;
  if (
    typeof json !== 'object' ||
    json === null ||
    !json.modelTopology ||
    !Array.isArray(json.weightsManifest)
  ) {
    throw new AppError('INTERNAL', `${dir}/model.min.js does not hold a Keras model.json.`);
  }
  const weightSpecs: io.WeightsManifestEntry[] = [];
  const shards: Buffer[] = [];
  for (const group of json.weightsManifest) {
    weightSpecs.push(...group.weights);
    for (const path of group.paths) {
      const base64 = await evalBundle(join(dir, `${path}.min.js`));
      if (typeof base64 !== 'string')
        throw new AppError('INTERNAL', `${dir}/${path}.min.js holds no weights.`);
      shards.push(Buffer.from(base64, 'base64'));
    }
  }
  const all = Buffer.concat(shards);
  const weightData = all.buffer.slice(all.byteOffset, all.byteOffset + all.byteLength) as ArrayBuffer;
  return { modelTopology: json.modelTopology, weightSpecs, weightData, format: 'layers-model' };
}

async function evalBundle(file: string): Promise<unknown> {
  const code = await readFile(file, 'utf8').catch((e: unknown) => {
    throw new AppError('FILE_NOT_FOUND', `Cannot read the poster model file ${file}; is nsfwjs installed?`, {
      cause: e,
    });
  });
  const module = { exports: {} as unknown };
  vm.runInNewContext(code, { module, exports: module.exports }, { filename: file, timeout: 30_000 });
  return module.exports;
}

/**
 * The same topology for a square input of `inputSize`. The final AveragePooling2D has a fixed 7x7
 * window, global only for 224 inputs; resize it to cover the whole (inputSize / 32) feature map so the
 * pooled vector stays the global average at any size.
 */
export function withInputSize(topology: KerasTopology, inputSize: number): KerasTopology {
  const copy = structuredClone(topology);
  const layers = copy.model_config.config.layers;
  const input = layers.find((l) => l.class_name === 'InputLayer');
  const pool = layers.find((l) => l.class_name === 'AveragePooling2D');
  if (!input || !pool)
    throw new AppError('INTERNAL', 'The poster model has no input or final pooling layer.');
  input.config.batch_input_shape = [null, inputSize, inputSize, 3];
  const side = inputSize / 32;
  pool.config.pool_size = [side, side];
  pool.config.strides = [side, side];
  return copy;
}
