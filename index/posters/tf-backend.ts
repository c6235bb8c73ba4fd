import { createRequire } from 'node:module';
import { dirname, sep } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import { AppError } from '../../src/errors.js';
import type { TfBackendName } from './types.js';

let wasmPathsSet = false;

/**
 * Make `name` the tfjs backend of this thread. The WASM binaries are loaded from the package folder in
 * node_modules by file path (emscripten reads them with fs in Node), never fetched. Node has no WASM
 * threads here, so parallelism comes from worker_threads, one backend per worker.
 */
export async function useTfBackend(name: TfBackendName): Promise<void> {
  // Production mode skips debug checks and the "install tfjs-node" banner the cpu backend prints.
  tf.enableProdMode();
  if (name === 'wasm' && !wasmPathsSet) {
    const entry = createRequire(import.meta.url).resolve('@tensorflow/tfjs-backend-wasm');
    setWasmPaths(`${dirname(entry)}${sep}`);
    wasmPathsSet = true;
  }
  const ok = await tf.setBackend(name);
  if (!ok) throw new AppError('INTERNAL', `The tfjs '${name}' backend failed to start.`);
  await tf.ready();
}
