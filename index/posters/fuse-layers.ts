import * as tf from '@tensorflow/tfjs';
import { AppError } from '../../src/errors.js';

type Layer = tf.LayersModel['layers'][number];
export type Activation = 'linear' | 'relu' | 'relu6' | 'softmax';

/** One fused operation of the compiled plan; tensors are named after the Keras layer that produced them. */
export type Step =
  | {
      op: 'conv' | 'depthwise';
      src: string;
      out: string;
      filter: tf.Tensor4D;
      bias: tf.Tensor1D;
      strides: [number, number];
      pad: 'same' | 'valid';
      activation: Activation;
    }
  | { op: 'pad'; src: string; out: string; paddings: [number, number][] }
  | { op: 'add'; srcs: string[]; out: string }
  | { op: 'globalMean'; src: string; out: string }
  | {
      op: 'dense';
      src: string;
      out: string;
      kernel: tf.Tensor2D;
      bias: tf.Tensor1D | null;
      activation: Activation;
    };

export interface FusedPlan {
  inputName: string;
  steps: Step[];
  embeddingName: string;
  outputName: string;
}

/** Walks the LayersModel in topological order and emits the fused plan (see FusedNet for the rewrites). */
export function compileFusedPlan(model: tf.LayersModel, embeddingLayer: string): FusedPlan {
  return new Compiler(model).compile(embeddingLayer);
}

class Compiler {
  private readonly steps: Step[] = [];
  private readonly consumers = new Map<string, Layer[]>();
  private readonly alias = new Map<string, string>();
  private readonly pads = new Map<string, { src: string; padding: number[][] }>();
  private readonly absorbed = new Set<string>();

  constructor(private readonly model: tf.LayersModel) {
    for (const layer of model.layers) {
      for (const src of inboundNames(layer))
        this.consumers.set(src, [...(this.consumers.get(src) ?? []), layer]);
    }
  }

  compile(embeddingLayer: string): FusedPlan {
    const input = this.model.layers[0];
    const output = this.model.outputs[0]?.sourceLayer;
    if (input?.getClassName() !== 'InputLayer' || !output) {
      throw unsupported('the model must start with an InputLayer and have one output');
    }
    for (const layer of this.model.layers) {
      if (layer !== input && !this.absorbed.has(layer.name)) this.add(layer);
    }
    const resolve = (name: string) => this.alias.get(name) ?? name;
    return {
      inputName: input.name,
      steps: this.steps,
      embeddingName: resolve(embeddingLayer),
      outputName: resolve(output.name),
    };
  }

  private add(layer: Layer): void {
    const cls = layer.getClassName();
    const cfg = layer.getConfig();
    const srcs = inboundNames(layer).map((n) => this.alias.get(n) ?? n);
    const src = srcs[0] ?? '';
    switch (cls) {
      case 'ZeroPadding2D':
        this.pads.set(layer.name, { src, padding: cfg.padding as number[][] });
        return;
      case 'Conv2D':
      case 'DepthwiseConv2D':
        this.addConv(layer, src);
        return;
      case 'Add':
        this.steps.push({ op: 'add', srcs, out: layer.name });
        return;
      case 'AveragePooling2D': // withInputSize() sized its window to the whole feature map
      case 'GlobalAveragePooling2D':
        this.steps.push({ op: 'globalMean', src, out: layer.name });
        return;
      case 'Flatten':
      case 'Dropout':
        // Flatten of a [batch, 1, 1, C] pool is the [batch, C] mean; Dropout is the identity at inference.
        this.alias.set(layer.name, src);
        return;
      case 'Dense': {
        const [kernel, bias] = layer.getWeights();
        this.steps.push({
          op: 'dense',
          src,
          out: layer.name,
          kernel: tf.clone(kernel as tf.Tensor2D),
          bias: cfg.useBias ? tf.clone(bias as tf.Tensor1D) : null,
          activation: activationName(cfg.activation),
        });
        return;
      }
      default:
        throw unsupported(`layer ${layer.name} (${cls})`);
    }
  }

  private addConv(layer: Layer, inputName: string): void {
    const cfg = layer.getConfig();
    const depthwise = layer.getClassName() === 'DepthwiseConv2D';
    const [kernel, maybeBias] = layer.getWeights();
    // Own copies, so disposing this net never frees the LayersModel's variables.
    let filter = tf.clone(kernel as tf.Tensor4D);
    let bias: tf.Tensor1D = cfg.useBias
      ? tf.clone(maybeBias as tf.Tensor1D)
      : tf.zeros([outChannels(filter, depthwise)]);
    const strides = cfg.strides as [number, number];
    let pad = cfg.padding as 'same' | 'valid';
    let src = inputName;
    const padding = this.pads.get(inputName);
    if (padding && isSameEquivalent(padding.padding, pad, strides, cfg.kernelSize as number[])) {
      src = padding.src;
      pad = 'same';
    } else if (padding) {
      this.steps.push({
        op: 'pad',
        src: padding.src,
        out: inputName,
        paddings: [[0, 0], ...pairs(padding.padding), [0, 0]],
      });
    }
    let out = layer.name;
    let activation = activationName(cfg.activation);
    const bn = this.soleConsumer(layer.name, 'BatchNormalization');
    if (bn && activation === 'linear') {
      const folded = foldBatchNorm(bn, filter, bias, depthwise);
      tf.dispose([filter, bias]);
      filter = folded.filter;
      bias = folded.bias;
      this.absorbed.add(bn.name);
      out = bn.name;
      const relu = this.soleConsumer(bn.name, 'ReLU');
      if (relu && relu.getConfig().maxValue === 6) {
        activation = 'relu6';
        this.absorbed.add(relu.name);
        out = relu.name;
      }
    }
    this.steps.push({
      op: depthwise ? 'depthwise' : 'conv',
      src,
      out,
      filter,
      bias,
      strides,
      pad,
      activation,
    });
  }

  private soleConsumer(name: string, cls: string): Layer | undefined {
    const list = this.consumers.get(name) ?? [];
    return list.length === 1 && list[0]?.getClassName() === cls ? list[0] : undefined;
  }
}

/** y = gamma * (conv(x) + b - mean) / sqrt(var + eps) + beta, folded into conv weights and bias. */
function foldBatchNorm(
  bn: Layer,
  filter: tf.Tensor4D,
  bias: tf.Tensor1D,
  depthwise: boolean,
): { filter: tf.Tensor4D; bias: tf.Tensor1D } {
  const values = bn.getWeights();
  // originalName, not name: tfjs suffixes names ("gamma_1") when a model is loaded twice in a process.
  const byName = new Map(bn.weights.map((w, i) => [w.originalName.split('/').pop(), values[i]]));
  const mean = byName.get('moving_mean');
  const variance = byName.get('moving_variance');
  if (!mean || !variance) throw unsupported(`batch norm ${bn.name} has no moving statistics`);
  const epsilon = bn.getConfig().epsilon as number;
  return tf.tidy(() => {
    const gamma = byName.get('gamma') ?? tf.onesLike(mean);
    const beta = byName.get('beta') ?? tf.zerosLike(mean);
    const scale = tf.div(gamma, tf.sqrt(tf.add(variance, epsilon)));
    const channels = scale.shape[0] as number;
    // Conv2D kernels are [h, w, in, out]; depthwise kernels are [h, w, in, multiplier] with out = in * m.
    const shaped = depthwise
      ? scale.reshape([1, 1, channels / (filter.shape[3] as number), filter.shape[3] as number])
      : scale;
    return {
      filter: tf.mul(filter, shaped) as tf.Tensor4D,
      bias: tf.add(tf.mul(tf.sub(bias, mean), scale), beta) as tf.Tensor1D,
    };
  });
}

function isSameEquivalent(padding: number[][], pad: string, strides: number[], kernel: number[]): boolean {
  const flat = padding.flat().join(',');
  return flat === '0,1,0,1' && pad === 'valid' && strides.join(',') === '2,2' && kernel.join(',') === '3,3';
}

function pairs(padding: number[][]): [number, number][] {
  return padding.map((p) => [p[0] ?? 0, p[1] ?? 0]);
}

function outChannels(filter: tf.Tensor4D, depthwise: boolean): number {
  const [, , inC, last] = filter.shape;
  return depthwise ? inC * last : last;
}

function inboundNames(layer: Layer): string[] {
  return (layer.inboundNodes[0]?.inboundLayers ?? []).map((l) => l.name);
}

function activationName(value: unknown): Activation {
  const name = typeof value === 'string' ? value : 'linear';
  if (name === 'linear' || name === 'relu' || name === 'relu6' || name === 'softmax') return name;
  throw unsupported(`activation ${name}`);
}

function unsupported(what: string): AppError {
  return new AppError('INTERNAL', `The poster model cannot be fused: unsupported ${what}.`);
}
