import * as tf from '@tensorflow/tfjs';
import { AppError } from '../../src/errors.js';
import { FusedNet } from './fused-net.js';
import { EMBEDDING_SIZE } from './model-constants.js';
import { readNsfwModel, withInputSize } from './model-files.js';

/** Embeddings are L2-normalised rows of `count x EMBEDDING_SIZE`; probabilities are `count x 5`. */
export interface EmbeddedBatch {
  embeddings: Float32Array;
  probabilities: Float32Array;
}

/**
 * nsfwjs's MobileNetV2 with two outputs per forward pass: the pooled 1280-d features before the
 * classifier head (the Flatten layer, `flatten_1`) and the 5-class softmax.
 */
export class PosterNet {
  private constructor(
    readonly inputSize: number,
    private readonly model: tf.LayersModel,
    private readonly reference: tf.LayersModel,
    private readonly fused: FusedNet,
  ) {}

  /** Call after useTfBackend(): weights live on the backend that is current when they load. */
  static async load(inputSize: number): Promise<PosterNet> {
    const artifacts = await readNsfwModel();
    const modelTopology = withInputSize(artifacts.modelTopology, inputSize);
    const model = await tf.loadLayersModel(tf.io.fromMemory({ ...artifacts, modelTopology }));
    const pooled = model.layers.find((l) => ['Flatten', 'GlobalAveragePooling2D'].includes(l.getClassName()));
    const pooledOutput = pooled?.output;
    if (!pooled || !pooledOutput || Array.isArray(pooledOutput) || pooledOutput.shape[1] !== EMBEDDING_SIZE) {
      throw new AppError(
        'INTERNAL',
        `The poster model has no ${EMBEDDING_SIZE}-d pooling layer before its head.`,
      );
    }
    const reference = tf.model({ inputs: model.inputs, outputs: [pooledOutput, ...model.outputs] });
    return new PosterNet(inputSize, model, reference, FusedNet.compile(model, pooled.name));
  }

  /**
   * `pixels` holds `count` RGB images of inputSize^2, as decodePoster() makes them. `engine: 'layers'` runs
   * the unmodified tfjs LayersModel, to check the fused one against.
   */
  async infer(
    pixels: Uint8Array,
    count: number,
    engine: 'fused' | 'layers' = 'fused',
  ): Promise<EmbeddedBatch> {
    const side = this.inputSize;
    if (pixels.length !== count * side * side * 3) {
      throw new AppError(
        'DIMENSION_MISMATCH',
        `Expected ${count} images of ${side}x${side}x3 bytes, got ${pixels.length} bytes.`,
      );
    }
    const x = tf.tensor4d(toModelInput(pixels), [count, side, side, 3]);
    let outputs: tf.Tensor[] = [];
    try {
      if (engine === 'fused') {
        const { embedding, probabilities } = this.fused.predict(x);
        outputs = [embedding, probabilities];
      } else {
        outputs = this.reference.predict(x) as tf.Tensor[];
      }
      const [embedding, probabilities] = outputs as [tf.Tensor, tf.Tensor];
      // Copies: backends may hand out their own storage, and callers transfer these buffers to other threads.
      const embeddings = new Float32Array(await embedding.data());
      normaliseRows(embeddings, EMBEDDING_SIZE);
      return { embeddings, probabilities: new Float32Array(await probabilities.data()) };
    } finally {
      tf.dispose([x, ...outputs]);
    }
  }

  dispose(): void {
    this.fused.dispose();
    this.model.dispose();
  }
}

/** nsfwjs feeds the network RGB scaled to [0, 1] (`img.toFloat().div(255)` in its core.js), not [-1, 1]. */
function toModelInput(pixels: Uint8Array): Float32Array {
  const out = new Float32Array(pixels.length);
  for (let i = 0; i < pixels.length; i++) out[i] = (pixels[i] as number) / 255;
  return out;
}

function normaliseRows(data: Float32Array, width: number): void {
  for (let start = 0; start < data.length; start += width) {
    let sum = 0;
    for (let i = start; i < start + width; i++) sum += (data[i] as number) ** 2;
    const norm = Math.sqrt(sum);
    if (norm > 0) for (let i = start; i < start + width; i++) data[i] = (data[i] as number) / norm;
  }
}
