import { Engine } from '../src/engine/engine.js';
import { type LoadOptions, loadIndex } from './load-index.js';

/** Loads an index directory and wraps it in an engine; the one way adapters get an engine. */
export async function openEngine(dir: string, options: LoadOptions = {}): Promise<Engine> {
  const { catalog } = await loadIndex(dir, options);
  return new Engine(catalog);
}
